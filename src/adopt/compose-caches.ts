import type { ComposeService } from "./compose-read.js";
import type { Classified } from "./compose-roles.js";
import type { MappedService } from "./compose-service.js";
import { berthName, envName } from "./names.js";
import type { AdoptionReport } from "./report.js";

/**
 * A Redis or Valkey that is not Celery's broker becomes a berth cache: ElastiCache for Valkey
 * with cluster mode disabled, which speaks the same protocol and keeps SELECT (docs/manifest.md,
 * "caches"). Each service that depends on it or names its host uses it. The broker's Redis is a
 * cache too when a cache's variable names it (`CACHE_URL`): its queue becomes SQS, its cache a
 * cache, used by the services that name it so. What it held is not moved: a cache is refilled
 * by the app, and the report says what to do if it was more.
 */
export function mapCaches(
  active: Record<string, ComposeService>,
  c: Classified,
  mapped: MappedService[],
  report: AdoptionReport,
): Record<string, unknown> | undefined {
  const caches: Record<string, unknown> = {};
  for (const [host, kind] of c.kinds) {
    if (!(host in active) || kind.kind !== "redis") continue;
    const users =
      host === c.broker
        ? mapped.filter((m) => m.env.cachesOnBroker.has(host))
        : mapped.filter((m) => m.dependsOn.includes(host) || m.env.pointsAt.has(host));
    if (host === c.broker && users.length === 0) continue;
    const name = berthName(host);
    caches[name] = {};
    for (const m of users) {
      const uses = (m.berth.uses as string[] | undefined) ?? [];
      if (!uses.includes(name)) m.berth.uses = [...uses, name];
    }
    const variable = `CACHE_${envName(name)}`;
    report.mapped.push(
      `services.${host} (${String(active[host]!.image)}) → caches.${name}: ElastiCache for Valkey, cluster mode disabled, TLS and an AUTH token`,
    );
    report.assumed.push(
      `caches.${name}: its users get ${variable}_URL (rediss://host:port/0, TLS) and ${variable}_AUTH_TOKEN; give the client the token as its password (redis-py: redis.from_url(url, password=token); Django: OPTIONS {"password": token})`,
    );
    if (users.length === 0)
      report.left.push({
        item: `services.${host}: its users`,
        why: "no service depends on it or names its host, so none was given the cache",
        todo: `add ${name} to uses: of each service that connects to it`,
      });
    if (persists(active[host]!))
      report.left.push({
        item: `services.${host}: its data`,
        why: "it keeps its data on a volume or in an append-only file, and a berth cache starts empty",
        todo: "if it holds more than a cache (sessions that must survive, counters), move those to the database, or copy the keys once with redis-cli --rdb and a restore into the new cache",
      });
  }
  return Object.keys(caches).length > 0 ? caches : undefined;
}

function persists(service: ComposeService): boolean {
  const command = Array.isArray(service.command) ? service.command.join(" ") : String(service.command ?? "");
  return (Array.isArray(service.volumes) && service.volumes.length > 0) || /--appendonly\s+yes|--save\s/.test(command);
}
