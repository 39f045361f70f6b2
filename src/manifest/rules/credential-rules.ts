import { problemAt, type Problem } from "../problem.js";
import type { PMap, PNode, PScalar } from "../yaml-tree.js";

/**
 * A credential written under `env:` ends up in plain text in the task definition, readable
 * by anyone who may describe it. Known key formats are recognised by their prefix; under a
 * name that says secret (…_SECRET, …_TOKEN, …_PASSWORD, …_KEY) a long random-looking value
 * is taken for one too. The value is never printed. A deliberate literal is kept by ending
 * its line with `# berth: not-secret`.
 */
export const NOT_SECRET_MARKER = /#\s*berth:\s*not-secret\b/;

const KNOWN_FORMATS: Array<[RegExp, string]> = [
  [/^(sk|rk)_live_[0-9a-zA-Z]{10,}/, "a Stripe live key"],
  [/^(AKIA|ASIA)[0-9A-Z]{16}$/, "an AWS access key id"],
  [/^(ghp|gho|ghu|ghs|ghr)_[0-9a-zA-Z]{30,}/, "a GitHub token"],
  [/^github_pat_[0-9a-zA-Z_]{30,}/, "a GitHub token"],
  [/^glpat-[0-9a-zA-Z_-]{20,}/, "a GitLab token"],
  [/^xox[abprs]-[0-9a-zA-Z-]{10,}/, "a Slack token"],
  [/^SG\.[\w-]{16,}\.[\w-]{16,}$/, "a SendGrid key"],
  [/^AIza[0-9A-Za-z_-]{35}$/, "a Google API key"],
  [/^npm_[0-9a-zA-Z]{36}$/, "an npm token"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
  [/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/, "a URL with a password in it"],
];

const SECRET_NAME = /(^|_)(SECRET|TOKEN|PASSWORD|PASSWD|KEY|APIKEY)$/i;

/** Every env: value in the file (base and environments) that looks like a credential. */
export function checkCredentialsInEnv(root: PMap, text: string): Problem[] {
  const lines = text.split("\n");
  const problems: Problem[] = [];
  const visit = (services: PNode | undefined, prefix: string) => {
    if (services?.kind !== "map") return;
    for (const service of services.entries) {
      const env = service.value.kind === "map" ? entryOf(service.value, "env") : undefined;
      if (env?.kind !== "map") continue;
      for (const variable of env.entries) {
        if (variable.value.kind !== "scalar") continue;
        const kind = credentialKind(variable.key, variable.value);
        if (!kind || NOT_SECRET_MARKER.test(lines[variable.value.pos.line - 1] ?? "")) continue;
        const path = `${prefix}services.${service.key}.env.${variable.key}`;
        problems.push(
          problemAt(
            variable.value.pos,
            path,
            `looks like a credential (${kind}; value hidden): env: values are stored in plain text in the task definition`,
            `move it to secrets: and store it in Secrets Manager or SSM (secrets: { ${variable.key}: secretsmanager:NAME }); if it is not secret, end the line with # berth: not-secret`,
          ),
        );
      }
    }
  };
  visit(entryOf(root, "services"), "");
  const environments = entryOf(root, "environments");
  if (environments?.kind === "map") {
    for (const env of environments.entries)
      if (env.value.kind === "map") visit(entryOf(env.value, "services"), `environments.${env.key}.`);
  }
  return problems;
}

/** What kind of credential the value looks like, or undefined. `${VAR}` values are not in the file. */
export function credentialKind(name: string, value: PScalar): string | undefined {
  if (value.interpolated || typeof value.value !== "string") return undefined;
  const text = value.value;
  const known = KNOWN_FORMATS.find(([pattern]) => pattern.test(text));
  if (known) return known[1];
  if (SECRET_NAME.test(name) && looksRandom(text)) return `a random-looking value under a name that says secret`;
  return undefined;
}

/** Long, mixed letters and digits, no spaces, not a path or URL, and high Shannon entropy. */
export function looksRandom(text: string): boolean {
  if (text.length < 16 || /\s/.test(text) || /^(\.{0,2}\/|[a-z]+:\/\/)/i.test(text)) return false;
  if (!/[0-9]/.test(text) || !/[a-zA-Z]/.test(text)) return false;
  return shannonEntropy(text) >= 3.5;
}

function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function entryOf(map: PMap, key: string): PNode | undefined {
  return map.entries.find((e) => e.key === key)?.value;
}
