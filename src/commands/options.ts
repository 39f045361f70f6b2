import type { Command } from "commander";

/** The flags every manifest-reading command shares (DESIGN.md, "Common flags"). */
export interface ManifestOptions {
  file: string;
  env?: string;
  json?: boolean;
}

export function withManifestOptions(command: Command): Command {
  return command
    .option("-f, --file <path>", "manifest to read", "berth.yml")
    .option("-e, --env <name>", "environment to merge over the base (pr-<n> for a preview)")
    .option("--json", "print machine-readable JSON");
}
