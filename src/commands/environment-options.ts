import { awsSettings, type AwsSettings } from "../aws/settings.js";
import { EXIT, UserError } from "../exit-codes.js";
import { loadManifest } from "../manifest/load.js";
import type { Manifest } from "../manifest/types.js";
import { output, type Output } from "../ui/output.js";
import { reportProblems } from "../ui/problems.js";
import type { AwsOptions, ManifestOptions } from "./options.js";

/** Loads the manifest a command reads; its problems are printed (exit 2) and undefined returned when it is not valid. */
export async function loadCommandManifest(opts: ManifestOptions, command: string): Promise<{ m: Manifest; out: Output; environments: string[] } | undefined> {
  const out = output(opts);
  const loaded = await loadManifest(opts.file, opts.env === undefined ? {} : { env: opts.env });
  if (!loaded.ok) {
    reportProblems(loaded.problems, out, command);
    process.exitCode = EXIT.usage;
    return undefined;
  }
  return { m: loaded.manifest, out, environments: loaded.environments };
}

/** A manifest that defines environments needs one chosen for a command that reaches AWS. */
export function requireEnvironment(opts: ManifestOptions, environments: string[]): void {
  if (opts.env === undefined && environments.length > 0) {
    throw new UserError("this manifest defines environments; choose one", EXIT.usage, `pass -e with one of: ${environments.join(", ")} (or pr-<number> for a preview)`);
  }
}

/** The manifest of the environment a read-only command looks at (`lock`, `releases`, `status`). */
export async function loadEnvironment(opts: ManifestOptions & AwsOptions, command: string): Promise<{ m: Manifest; out: Output; aws: AwsSettings } | undefined> {
  const loaded = await loadCommandManifest(opts, command);
  if (!loaded) return undefined;
  requireEnvironment(opts, loaded.environments);
  return { m: loaded.m, out: loaded.out, aws: awsSettings(opts, loaded.m.region) };
}
