import { MAIN_LOAD_BALANCER } from "../load-balancers.js";
import { logicalId } from "../names.js";
import { didYouMean } from "../did-you-mean.js";
import type { RawManifest } from "../raw.js";
import type { RuleContext } from "./context.js";

/** Cross references between sections: queues, volumes, the database, routes. */
export function checkReferences(m: RawManifest, ctx: RuleContext): void {
  const services = m.services ?? {};
  const queues = Object.keys(m.queues ?? {});
  const buckets = Object.keys(m.buckets ?? {});
  const volumes = Object.keys(m.volumes ?? {});
  const caches = Object.keys(m.caches ?? {});
  const usable = [...(m.database ? ["database"] : []), ...queues, ...buckets, ...caches];

  for (const bucket of buckets) {
    if (queues.includes(bucket)) {
      ctx.report(
        `buckets.${bucket}`,
        `"${bucket}" names both a queue and a bucket`,
        "give them different names so `uses:` is unambiguous",
      );
    }
  }
  for (const cache of caches) {
    if (queues.includes(cache) || buckets.includes(cache) || cache === "database") {
      ctx.report(
        `caches.${cache}`,
        `"${cache}" names a cache and something else`,
        "give it a name of its own so `uses:` is unambiguous",
      );
    }
  }

  for (const [name, service] of Object.entries(services)) {
    const path = `services.${name}`;
    if (service.queue !== undefined && !queues.includes(service.queue)) {
      ctx.report(
        `${path}.queue`,
        `queue "${service.queue}" is not declared in queues${didYouMean(service.queue, queues)}`,
        `declare it: queues: { ${service.queue}: {} }`,
      );
    }
    for (const volume of Object.keys(service.volumes ?? {})) {
      if (!volumes.includes(volume)) {
        ctx.report(
          `${path}.volumes.${volume}`,
          `volume "${volume}" is not declared in volumes${didYouMean(volume, volumes)}`,
          `declare it: volumes: { ${volume}: {} }`,
        );
      }
    }
    (service.uses ?? []).forEach((used, i) => {
      if (used === undefined || usable.includes(used)) return;
      const what =
        used === "database"
          ? "there is no database section"
          : `"${used}" is not a queue, bucket or cache${didYouMean(used, usable)}`;
      ctx.report(
        `${path}.uses[${i}]`,
        what,
        used === "database"
          ? "add `database:` with an engine"
          : `declare it under queues, buckets or caches${usable.length ? `, or use one of: ${usable.join(", ")}` : ""}`,
      );
    });
  }
  checkRoutes(m, ctx);
  for (const section of ["services", "queues", "buckets", "volumes", "caches"] as const)
    checkDistinctIds(section, Object.keys(m[section] ?? {}), ctx);
}

/** Names become CloudFormation ids without their hyphens: `a-1` and `a1` would both be `A1`. */
function checkDistinctIds(section: string, names: string[], ctx: RuleContext): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const id = logicalId(name);
    const other = seen.get(id);
    if (other)
      ctx.report(
        `${section}.${name}`,
        `"${name}" and "${other}" would share the CloudFormation id ${id}`,
        "rename one of them",
      );
    else seen.set(id, name);
  }
}

/** Two services with the same host and path on one load balancer would fight over its listener's rules. */
function checkRoutes(m: RawManifest, ctx: RuleContext): void {
  const seen = new Map<string, string>();
  for (const [name, service] of Object.entries(m.services ?? {})) {
    if (!service.http) continue;
    const loadBalancer = service.http.loadBalancer ?? MAIN_LOAD_BALANCER;
    const route = `${loadBalancer} ${service.http.host ?? "*"} ${service.http.path ?? "/"}`;
    const other = seen.get(route);
    if (other) {
      ctx.report(
        `services.${name}.http`,
        `routes the same host and path as service ${other}`,
        "give one of them a different path or host",
      );
    } else {
      seen.set(route, name);
    }
  }
}
