import { awsSettings, type AwsSettings } from "../aws/settings.js";
import { EXIT, UserError } from "../exit-codes.js";
import type { Manifest } from "../manifest/types.js";
import { output, type Output } from "../ui/output.js";
import { loadManifestFor, type AwsOptions, type ManifestOptions } from "./options.js";

/** A manifest that defines environments needs one chosen for a command that reaches AWS. */
export function requireEnvironment(opts: ManifestOptions, environments: string[]): void {
  if (opts.env === undefined && environments.length > 0) {
    throw new UserError(
      "this manifest defines environments; choose one",
      EXIT.usage,
      `pass -e with one of: ${environments.join(", ")} (or pr-<number> for a preview)`,
    );
  }
}

/** The manifest of the environment a command works on (`lock`, `releases`, `status`, `rollback`). */
export async function loadEnvironment(
  opts: ManifestOptions & AwsOptions,
  command: string,
): Promise<{ m: Manifest; out: Output; aws: AwsSettings } | undefined> {
  const out = output(opts);
  // Reading an environment is allowed even when it reads production's secrets: deploy refuses that.
  const loaded = await loadManifestFor(command, opts, out, { secretIsolation: false });
  if (!loaded) return undefined;
  requireEnvironment(opts, loaded.environments);
  return { m: loaded.manifest, out, aws: awsSettings(opts, loaded.manifest.region) };
}
