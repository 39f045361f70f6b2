import type { Command } from "commander";
import { EXIT } from "../exit-codes.js";
import { loadManifest } from "../manifest/load.js";
import type { Manifest } from "../manifest/types.js";
import { checkQuotas } from "../render/quotas.js";
import type { Output } from "../ui/output.js";
import { reportProblems } from "../ui/problems.js";

/** The flags every manifest-reading command shares (README, "Commands"). */
export interface ManifestOptions {
  file: string;
  env?: string;
  json?: boolean;
}

/** Where AWS calls go (README, "Commands"); AWS_ENDPOINT_URL works too. */
export interface AwsOptions {
  region?: string;
  profile?: string;
  endpointUrl?: string;
}

export function withAwsOptions(command: Command): Command {
  return command
    .option("--region <region>", "AWS region (default: the manifest's, else AWS_REGION or the profile's)")
    .option("--profile <name>", "AWS profile")
    .option("--endpoint-url <url>", "send every AWS call to this endpoint (the sandbox, moto)");
}

/** `fileShortFlag: false` leaves -f free (`berth logs -f` follows, as tail -f does). */
export function withManifestOptions(command: Command, { fileShortFlag = true } = {}): Command {
  return command
    .option(fileShortFlag ? "-f, --file <path>" : "--file <path>", "manifest to read", "berth.yml")
    .option("-e, --env <name>", "environment to merge over the base (pr-<n> for a preview)")
    .option("--preview", "the pull request's preview environment: pr-<n> from the GitHub event or the branch")
    .option("--json", "print machine-readable JSON");
}

/**
 * Loads `-f` merged with `-e`; when it has problems, reports them (exit 2) and returns undefined.
 * `quotas` also checks the AWS quotas of what it renders (src/render/quotas.ts): for the commands
 * that render or deploy the stack, not for those that only read an environment (status, logs,
 * rollback), which must keep working whatever the manifest has grown to. `secretIsolation: false`
 * likewise lets those commands reach an environment that reads production's secrets.
 */
export async function loadManifestFor(
  command: string,
  opts: ManifestOptions,
  out: Output,
  { quotas = false, secretIsolation = true }: { quotas?: boolean; secretIsolation?: boolean } = {},
): Promise<{ manifest: Manifest; environments: string[] } | undefined> {
  const loaded = await loadManifest(opts.file, {
    ...(opts.env === undefined ? {} : { env: opts.env }),
    ...(quotas ? { checkRendered: checkQuotas } : {}),
    secretIsolation,
  });
  if (loaded.ok) return loaded;
  reportProblems(loaded.problems, out, command);
  process.exitCode = EXIT.usage;
  return undefined;
}
