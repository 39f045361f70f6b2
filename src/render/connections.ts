import type { Manifest, Service } from "../manifest/types.js";
import { envName, logicalId } from "../manifest/names.js";
import { stackOutput } from "./placeholders.js";
import { ref } from "./template.js";

/**
 * Credentials a service receives for the data it uses, as ECS secrets (values resolved by ECS
 * when a task starts, never in a definition or template): the login of an existing database,
 * which berth cannot turn into an IAM login, and each cache's AUTH token
 * (docs/manifest.md, "What a service that uses … receives").
 */
export interface ConnectionSecret {
  /** The variable the container reads. */
  variable: string;
  /** ECS's `valueFrom`: a secret ARN and JSON key (`ARN:key::`). */
  valueFrom: string;
  /** What the execution role must read, in the service stack's terms. */
  secretArn: unknown;
}

/** Variables a cache's users receive: where it is, and the TLS URL without the token. */
export function cacheVariables(m: Manifest, s: Service): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const cache of usedCaches(m, s)) {
    const Id = logicalId(cache);
    const prefix = `CACHE_${envName(cache)}`;
    const host = stackOutput(`${Id}CacheEndpoint`);
    const port = stackOutput(`${Id}CachePort`);
    vars[`${prefix}_HOST`] = host;
    vars[`${prefix}_PORT`] = port;
    // rediss: TLS in transit is required by the replication group (templates/cache.yml).
    vars[`${prefix}_URL`] = `rediss://${host}:${port}/0`;
  }
  return vars;
}

export function connectionSecrets(m: Manifest, s: Service): ConnectionSecret[] {
  const secrets: ConnectionSecret[] = [];
  const existing = m.database?.existing;
  if (existing && s.uses.includes("database")) {
    for (const [variable, key] of [
      ["DATABASE_USER", "username"],
      ["DATABASE_PASSWORD", "password"],
    ] as const)
      secrets.push({ variable, valueFrom: `${existing.secret}:${key}::`, secretArn: existing.secret });
  }
  for (const cache of usedCaches(m, s)) {
    const Id = logicalId(cache);
    secrets.push({
      variable: `CACHE_${envName(cache)}_AUTH_TOKEN`,
      valueFrom: `${stackOutput(`${Id}CacheAuthSecret`)}:token::`,
      secretArn: ref(`${Id}CacheAuthSecret`),
    });
  }
  return secrets;
}

function usedCaches(m: Manifest, s: Service): string[] {
  return s.uses.filter((used) => used in m.caches);
}
