import type { Command } from "commander";
import { examples } from "./examples.js";
import { output } from "../ui/output.js";
import { reportValid } from "../ui/manifest-summary.js";
import { loadManifestFor, withManifestOptions, type ManifestOptions } from "./options.js";

export function register(program: Command): void {
  withManifestOptions(
    program
      .command("validate")
      .description("check a berth.yml and report every problem with its position")
      .addHelpText(
        "after",
        "\nWithout --env, the base and every environment are checked.\nExit codes: 0 valid, 2 problems found.",
      )
      .addHelpText(
        "after",
        examples([
          ["berth validate", "berth.yml, the base and every environment"],
          [
            "berth validate -f deploy/berth.yml -e production",
            "one environment of another file, and the AWS quotas it would reach",
          ],
        ]),
      ),
  ).action(async (opts: ManifestOptions) => {
    const out = output(opts);
    // AWS quotas need each environment rendered; with no -e that is every environment, more than
    // the start-up budget of validate allows (docs/architecture.md, "Budgets"), so they are checked
    // for the environment chosen, as render, diff and deploy always do.
    const loaded = await loadManifestFor("berth validate", opts, out, { quotas: opts.env !== undefined });
    if (loaded) reportValid(loaded.manifest, opts.file, out);
  });
}
