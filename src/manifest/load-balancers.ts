import type { RawManifest } from "./raw.js";
import type { RuleContext } from "./rules/context.js";
import { WEB_SERVICES_PER_LOAD_BALANCER } from "./load-balancer-quota.js";
import { loadBalancerIds, logicalId, MAIN_LOAD_BALANCER } from "./names.js";

export { MAIN_LOAD_BALANCER };

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

/**
 * Load balancer names become logical-id prefixes (src/manifest/names.ts loadBalancerIds): two
 * names with one id (`a-b`, `ab`) would be one load balancer's resources twice, and a service
 * whose id is a load balancer's (`api-load-balancer` beside load balancer `api`) would name
 * its own security group as the load balancer's.
 */
export function checkLoadBalancerIds(m: RawManifest, ctx: RuleContext): void {
  const byId = new Map<string, string>();
  const serviceIds = new Map(Object.keys(m.services ?? {}).map((name) => [logicalId(name), name]));
  for (const [name, service] of Object.entries(m.services ?? {})) {
    if (!service.http) continue;
    const loadBalancer = service.http.loadBalancer ?? MAIN_LOAD_BALANCER;
    const ids = loadBalancerIds(loadBalancer);
    const other = byId.get(ids.prefix);
    const clash = serviceIds.get(ids.loadBalancer);
    if (other !== undefined && other !== loadBalancer)
      ctx.report(
        `services.${name}.http.loadBalancer`,
        `load balancers "${loadBalancer}" and "${other}" would share the CloudFormation id ${ids.loadBalancer}`,
        "name one load balancer for both, or rename one",
      );
    else if (clash !== undefined)
      ctx.report(
        `services.${name}.http.loadBalancer`,
        `load balancer "${loadBalancer}" and service "${clash}" would share the CloudFormation id ${ids.loadBalancer}`,
        "rename the load balancer or the service",
      );
    else byId.set(ids.prefix, loadBalancer);
  }
}
