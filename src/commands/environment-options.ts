import { awsSettings, type AwsSettings } from "../aws/settings.js";
import { EXIT, UserError } from "../exit-codes.js";
import { loadManifest } from "../manifest/load.js";
import type { Manifest } from "../manifest/types.js";
import { output, type Output } from "../ui/output.js";
import { reportProblems } from "../ui/problems.js";
import type { AwsOptions, ManifestOptions } from "./options.js";

/**
 * The manifest of the environment a read-only command looks at (`lock`, `releases`,
 * `status`): its problems are printed (exit 2) and undefined returned when it is not valid.
 */
export async function loadEnvironment(opts: ManifestOptions & AwsOptions, command: string): Promise<{ m: Manifest; out: Output; aws: AwsSettings } | undefined> {
  const out = output(opts);
  const loaded = await loadManifest(opts.file, opts.env === undefined ? {} : { env: opts.env });
  if (!loaded.ok) {
    reportProblems(loaded.problems, out, command);
    process.exitCode = EXIT.usage;
    return undefined;
  }
  if (opts.env === undefined && loaded.environments.length > 0) {
    throw new UserError("this manifest defines environments; choose one", EXIT.usage, `pass -e with one of: ${loaded.environments.join(", ")} (or pr-<number> for a preview)`);
  }
  return { m: loaded.manifest, out, aws: awsSettings(opts, loaded.manifest.region) };
}
