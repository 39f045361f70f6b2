import type { Command } from "commander";
import { runEnvironmentCommand, type DeployOptions } from "./deploy.js";
import { examples } from "./examples.js";
import { withAwsOptions, withManifestOptions } from "./options.js";
import { readPlan } from "./plan-file.js";
import { withLockWait } from "./release-guard.js";

export function register(program: Command): void {
  withAwsOptions(
    withLockWait(
      withManifestOptions(
        program
          .command("apply")
          .description(
            "carry out a plan berth plan --out saved: its change sets, its images, its releases, nothing else",
          )
          .argument("<plan>", "the plan file berth plan --out wrote")
          .option("--yes", "accept changes that lose data (required for those outside a terminal)")
          .addHelpText(
            "after",
            "\nChecks first that the plan still holds: the same manifest, every stack as planned against, every change set still executable (executing one deletes a stack's others, so a deploy in between makes the plan stale), every image still in its registry. A stale plan is refused, changing nothing. Takes the deploy lock and records the release like deploy. Exit codes: as deploy's; 3 also for a stale plan.",
          )
          .addHelpText(
            "after",
            examples([
              ["berth apply plan.json", "the environment the plan names, after review"],
              ["berth apply plan.json --yes", "in CI: accepts the data loss the plan showed"],
            ]),
          ),
      ),
    ),
  ).action(async (file: string, opts: DeployOptions) => {
    const plan = await readPlan(file);
    // The environment is the plan's; an -e naming another is refused by the plan's check.
    process.exitCode = await runEnvironmentCommand(
      "berth apply",
      { ...opts, env: opts.env ?? plan.environment },
      {
        kind: "apply",
        plan,
      },
    );
  });
}
