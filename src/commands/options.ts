import type { Command } from "commander";

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

export function withManifestOptions(command: Command): Command {
  return command
    .option("-f, --file <path>", "manifest to read", "berth.yml")
    .option("-e, --env <name>", "environment to merge over the base (pr-<n> for a preview)")
    .option("--json", "print machine-readable JSON");
}
