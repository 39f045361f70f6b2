import type { Found } from "../deployers/preflight.js";
import type { ReferencedSecret, SecretReader } from "../deployers/secrets/referenced-secrets.js";
import type { SetOutcome } from "../deployers/secrets/set-secret.js";
import { EXIT } from "../exit-codes.js";
import { paint, type Output } from "./output.js";

type Listed = ReferencedSecret & { found: Found };

/** `berth secrets -e ENV`: each secret, whether it exists, who reads it; exit 1 when one is missing or unreadable. */
export function reportSecrets(app: string, environment: string, flag: string, secrets: Listed[], out: Output): number {
  const status = (found: Found) => (typeof found === "object" ? "unknown" : found);
  if (out.json) {
    out.line(
      JSON.stringify(
        {
          app,
          environment,
          secrets: secrets.map(({ kind, name, found, readers }) => ({
            kind,
            name,
            status: status(found),
            ...(typeof found === "object" ? { reason: found.unknown } : {}),
            readers,
          })),
        },
        null,
        2,
      ),
    );
  } else if (secrets.length === 0) {
    out.line(`${app} ${environment}: no service references a secret or parameter`);
  } else {
    out.line(`${app} ${environment}: ${secrets.length} secret(s) and parameter(s) its services read`);
    const width = Math.max(...secrets.map((s) => `${s.kind}:${s.name}`.length));
    for (const s of secrets) {
      const state = status(s.found);
      const painted = (state === "exists" ? paint.green : paint.red)(out, state.padEnd(7));
      out.line(`  ${`${s.kind}:${s.name}`.padEnd(width)}  ${painted}  ${s.readers.map(readerText).join(", ")}`);
      if (state === "missing") out.line(`      fix: berth secrets set ${s.readers[0]!.variable}${flag}`);
      if (state === "denied")
        out.line(`      fix: allow ${s.kind === "ssm" ? "ssm:GetParameter" : "secretsmanager:DescribeSecret"} on it`);
    }
  }
  return secrets.every((s) => s.found === "exists") ? EXIT.ok : EXIT.failure;
}

function readerText(r: SecretReader): string {
  return `${r.service} ${r.variable}${r.jsonKey ? ` (#${r.jsonKey})` : ""}`;
}

/** `berth secrets set`: what was written where; never the value. */
export function reportSecretSet(environment: string, outcome: SetOutcome, out: Output): number {
  if (!outcome.ok) {
    out.note(`${paint.red(out, "error")} ${outcome.message}`);
    out.note(`      fix: ${outcome.hint}`);
    return EXIT.failure;
  }
  const { secret, jsonKey } = outcome.target;
  const where = `${secret.kind === "ssm" ? "SSM parameter" : "Secrets Manager secret"} ${secret.name}`;
  const key = jsonKey ? ` (key ${jsonKey})` : "";
  if (out.json)
    out.line(
      JSON.stringify({ ok: true, environment, kind: secret.kind, name: secret.name, jsonKey, result: outcome.result }),
    );
  else
    out.line(`${paint.green(out, "ok")} ${environment}: ${outcome.result} ${where}${key}; the value was not printed`);
  return EXIT.ok;
}
