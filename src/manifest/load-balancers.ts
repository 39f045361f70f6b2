import { logicalId } from "./names.js";
import type { RawManifest } from "./raw.js";
import type { RuleContext } from "./rules/context.js";

/** The environment's own load balancer: a web service without `http.loadBalancer` is on it. */
export const MAIN_LOAD_BALANCER = "main";

// An Application Load Balancer takes at most 100 target groups, a quota AWS does not raise
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html),
// and ECS blue/green releases need two per service (docs/architecture.md), so one load
// balancer serves at most 50 web services (their 100 listener rules fit its default quota too).
export const WEB_SERVICES_PER_LOAD_BALANCER = 50;

interface WebService {
  name: string;
  loadBalancer: string;
}

/** The load balancers web services name: distinct in CloudFormation, and each within its quota. */
export function checkLoadBalancers(m: RawManifest, ctx: RuleContext): void {
  const web = Object.entries(m.services ?? {}).flatMap(([name, service]) =>
    service.http ? [{ name, loadBalancer: service.http.loadBalancer ?? MAIN_LOAD_BALANCER }] : [],
  );
  checkDistinctIds(web, ctx);
  checkCapacity(web, ctx);
}

/** Names become CloudFormation ids without their hyphens: `api-2` and `api2` would both be `Api2`. */
function checkDistinctIds(web: WebService[], ctx: RuleContext): void {
  const named = new Map<string, string>();
  for (const { name, loadBalancer } of web) {
    const id = logicalId(loadBalancer);
    const other = named.get(id) ?? loadBalancer;
    named.set(id, other);
    if (other !== loadBalancer)
      ctx.report(
        `services.${name}.http.loadBalancer`,
        `load balancers "${loadBalancer}" and "${other}" would share the CloudFormation id ${id}`,
        `name the same load balancer the same way: loadBalancer: ${other}`,
      );
  }
}

/**
 * Refuses the first web service past what one load balancer serves, at its `http:` key, for
 * each load balancer; services count in manifest order.
 */
function checkCapacity(web: WebService[], ctx: RuleContext): void {
  const unused = unusedName(new Set(web.map((w) => w.loadBalancer)));
  const served = new Map<string, number>();
  for (const { name, loadBalancer } of web) {
    const count = (served.get(loadBalancer) ?? 0) + 1;
    served.set(loadBalancer, count);
    if (count !== WEB_SERVICES_PER_LOAD_BALANCER + 1) continue;
    const which = loadBalancer === MAIN_LOAD_BALANCER ? "the main load balancer" : `load balancer ${loadBalancer}`;
    ctx.reportAtKey(
      `services.${name}.http`,
      `${name} is web service number ${count} on ${which}, which serves at most ${WEB_SERVICES_PER_LOAD_BALANCER}: ` +
        "AWS allows 100 target groups per load balancer, a quota it does not raise, and blue/green takes two per service",
      `put some web services on another load balancer: \`loadBalancer: ${unused}\` under their http:`,
    );
  }
}

function unusedName(used: Set<string>): string {
  for (let n = 2; ; n++) if (!used.has(`lb${n}`)) return `lb${n}`;
}
