import type { Command } from "commander";

/** The flags every manifest-reading command shares (DESIGN.md, "Common flags"). */
export interface ManifestOptions {
  file: string;
  env?: string;
  json?: boolean;
}

/** Where AWS calls go (DESIGN.md, "Common flags"); AWS_ENDPOINT_URL works too. */
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
