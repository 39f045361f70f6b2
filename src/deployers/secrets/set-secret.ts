import type { Manifest } from "../../manifest/types.js";
import { referencedSecrets, type ReferencedSecret } from "./referenced-secrets.js";
import type { SecretStorePort } from "./secret-store-port.js";

export interface SecretTarget {
  secret: ReferencedSecret;
  /** The JSON key the value goes under, when the reference names one (`#key`). */
  jsonKey?: string;
}

export type Targeted = { ok: true; target: SecretTarget } | { ok: false; message: string; hint: string };

/**
 * What `berth secrets set NAME` writes: NAME is a variable a service reads (`STRIPE_KEY`) or
 * the secret's own name (`staging/stripe`, `/cassandra/staging/api-token`), as the
 * environment's references fill it in.
 */
export function findSecretTarget(m: Manifest, name: string, environmentFlag: string): Targeted {
  const secrets = referencedSecrets(m);
  const byVariable = secrets.filter((s) => s.readers.some((r) => r.variable === name));
  const byName = secrets.filter((s) => s.name === name || `${s.kind}:${s.name}` === name);
  const found = byVariable.length > 0 ? byVariable : byName;
  if (found.length === 0) {
    const known = secrets.flatMap((s) => s.readers.map((r) => r.variable));
    return {
      ok: false,
      message: `no service of ${m.environment} reads a secret named ${name}`,
      hint:
        known.length > 0
          ? `name one of: ${[...new Set(known)].join(", ")} (berth secrets${environmentFlag} lists them)`
          : "reference one under services.<name>.secrets first",
    };
  }
  if (found.length > 1)
    return {
      ok: false,
      message: `${name} names ${found.length} different secrets in ${m.environment}: ${found.map((s) => `${s.kind}:${s.name}`).join(", ")}`,
      hint: "name the secret itself instead, such as " + `berth secrets set ${found[0]!.name}${environmentFlag}`,
    };
  const secret = found[0]!;
  const readers = byVariable.length > 0 ? secret.readers.filter((r) => r.variable === name) : secret.readers;
  const keys = [...new Set(readers.map((r) => r.jsonKey))];
  if (keys.length > 1)
    return {
      ok: false,
      message: `${secret.name} is read under several JSON keys (${keys.map((k) => k ?? "the whole secret").join(", ")})`,
      hint: `name the variable that reads the key to set: ${readers.map((r) => r.variable).join(", ")}`,
    };
  const jsonKey = keys[0];
  return { ok: true, target: { secret, ...(jsonKey ? { jsonKey } : {}) } };
}

export type SetOutcome =
  { ok: true; result: "created" | "updated"; target: SecretTarget } | { ok: false; message: string; hint: string };

/**
 * Writes the value: an SSM parameter as a SecureString, a Secrets Manager secret as its
 * string, or under its JSON key with the secret's other keys kept. The value goes to AWS only.
 */
export async function setSecret(port: SecretStorePort, target: SecretTarget, value: string): Promise<SetOutcome> {
  const { secret, jsonKey } = target;
  if (secret.kind === "ssm") return { ok: true, result: await port.writeParameter(secret.name, value), target };
  const current = await port.readSecretString(secret.name);
  let next = value;
  if (jsonKey !== undefined) {
    const fields = current === undefined ? {} : jsonObject(current);
    if (!fields)
      return {
        ok: false,
        message: `the secret ${secret.name} does not hold a JSON object, so its key ${jsonKey} cannot be set`,
        hint: `store a JSON object in it (such as {"${jsonKey}": "…"}), or reference the whole secret without #${jsonKey}`,
      };
    next = JSON.stringify({ ...fields, [jsonKey]: value });
  }
  await port.writeSecretString(secret.name, next, current === undefined);
  return { ok: true, result: current === undefined ? "created" : "updated", target };
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
