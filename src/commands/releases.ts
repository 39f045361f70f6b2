import type { Command } from "commander";
import { EXIT, UserError } from "../exit-codes.js";
import { loadEnvironment } from "./environment-options.js";
import { examples } from "./examples.js";
import { standardOut } from "../ui/standard-streams.js";
import { withAwsOptions, withManifestOptions, type AwsOptions, type ManifestOptions } from "./options.js";

interface ReleasesOptions extends ManifestOptions, AwsOptions {
  limit?: string;
}

export function register(program: Command): void {
  withAwsOptions(
    withManifestOptions(
      program
        .command("releases")
        .description(
          "the environment's release history, newest first: version, git sha, images, who, from where, outcome",
        )
        .option("--limit <n>", "show at most this many releases", "20")
        .addHelpText(
          "after",
          examples([
            ["berth releases -e production", "the last 20 releases: version, outcome, who, from where"],
            ["berth releases -e production --json --limit 5", "with task definitions, digests and reasons"],
          ]),
        ),
    ),
  ).action(async (opts: ReleasesOptions) => {
    const limit = Number(opts.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new UserError(
        `--limit ${JSON.stringify(opts.limit)} is not a positive whole number`,
        EXIT.usage,
        "pass --limit 20, for example",
      );
    const loaded = await loadEnvironment(opts, "berth releases");
    if (!loaded) return;
    const { m, out, aws } = loaded;
    const [{ berthTable }, { reportReleases }] = await Promise.all([
      import("../aws/berth-table.js"),
      import("../ui/releases-report.js"),
    ]);
    const records = await berthTable(aws, m.app).history.list(m.app, m.environment, limit);
    process.exitCode = reportReleases(m.app, m.environment, records, out, standardOut.isTTY);
  });
}
