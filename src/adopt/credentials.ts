import { credentialKind } from "../manifest/rules/credential-rules.js";
import type { AdoptionReport } from "./report.js";

/** Names that say their value is secret, whatever it looks like (`DB_PASSWORD=example` included). */
const SECRET_NAME = /(^|_)(SECRET|TOKEN|PASSWORD|PASSWD|PASS|PWD|KEY|APIKEY|CREDENTIALS?|PRIVATE_KEY)$/i;

/**
 * Whether a variable read from a Compose file or env file must become a secret rather than
 * a literal in berth.yml: what `berth validate` refuses under `env:` (known key formats, URLs
 * with a password, random values under secret names — docs/manifest.md, "env and
 * credentials"), and any non-empty value under a name that says secret, since a weak password
 * is still a password.
 */
export function isCredential(name: string, value: string): boolean {
  if (value === "") return false;
  if (SECRET_NAME.test(name)) return true;
  const scalar = {
    kind: "scalar" as const,
    pos: { file: "", line: 0, col: 0 },
    value,
    written: value,
    interpolated: false,
  };
  return credentialKind(name, scalar) !== undefined;
}

/**
 * Build arguments without credentials: a build argument is kept in the image's history, so a
 * credential there is dropped from berth.yml and reported (a build secret is the way).
 */
export function buildArgsWithoutCredentials(
  args: Record<string, string>,
  where: string,
  report: AdoptionReport,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(args)) {
    if (!isCredential(name, value)) kept[name] = value;
    else
      report.left.push({
        item: `${where}.args.${name}`,
        why: "a credential as a build argument stays in the image's history, and berth.yml would hold it in plain text",
        todo: "pass it as a build secret (RUN --mount=type=secret) and build the image outside berth, or fetch it at run time from secrets:",
      });
  }
  return kept;
}
