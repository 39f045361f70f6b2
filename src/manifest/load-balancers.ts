import type { RawManifest } from "./raw.js";
import type { RuleContext } from "./rules/context.js";

/** The environment's own load balancer: a web service without `http.loadBalancer` is on it. */
export const MAIN_LOAD_BALANCER = "main";

// An Application Load Balancer takes at most 100 target groups, a quota AWS does not raise
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html),
// and ECS blue/green releases need two per service (docs/architecture.md), so one load
// balancer serves at most 50 web services (their 100 listener rules fit its default quota too).
export const WEB_SERVICES_PER_LOAD_BALANCER = 50;

/**
 * Refuses the first web service past what one load balancer serves, at its `http:` key, for
 * each load balancer; services count in manifest order.
 */
export function checkLoadBalancerCapacity(m: RawManifest, ctx: RuleContext): void {
  const web = Object.entries(m.services ?? {}).flatMap(([name, service]) =>
    service.http ? [{ name, loadBalancer: service.http.loadBalancer ?? MAIN_LOAD_BALANCER }] : [],
  );
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
