import type { Manifest } from "../../manifest/types.js";
import type { Found } from "../preflight.js";
import type { SecretStorePort, StoredSecret } from "./secret-store-port.js";

/** A service's variable that reads a secret: `web` reads `#key` of it as STRIPE_KEY. */
export interface SecretReader {
  service: string;
  variable: string;
  jsonKey?: string;
}

export interface ReferencedSecret extends StoredSecret {
  readers: SecretReader[];
}

/** Every secret and parameter the environment's services reference, once each, in manifest order. */
export function referencedSecrets(m: Manifest): ReferencedSecret[] {
  const byName = new Map<string, ReferencedSecret>();
  for (const service of Object.values(m.services)) {
    for (const [variable, ref] of Object.entries(service.secrets)) {
      const id = `${ref.kind}:${ref.name}`;
      const secret = byName.get(id) ?? { kind: ref.kind, name: ref.name, readers: [] };
      const jsonKey = ref.kind === "secretsmanager" ? ref.jsonKey : undefined;
      secret.readers.push({ service: service.name, variable, ...(jsonKey ? { jsonKey } : {}) });
      byName.set(id, secret);
    }
  }
  return [...byName.values()];
}

/** Each referenced secret with whether it exists; read together, as pre-flight reads them. */
export async function secretsStatus(
  m: Manifest,
  port: SecretStorePort,
): Promise<(ReferencedSecret & { found: Found })[]> {
  const secrets = referencedSecrets(m);
  const found = await Promise.all(secrets.map((s) => port.exists(s)));
  return secrets.map((s, i) => ({ ...s, found: found[i]! }));
}
