import type { Command } from "commander";
import { runEnvironmentCommand, type DeployOptions } from "./deploy.js";
import { examples } from "./examples.js";
import { withImagesFrom } from "./images-from.js";
import { withImageOptions } from "./image-options.js";
import { withAwsOptions } from "./options.js";

export function register(program: Command): void {
  withAwsOptions(
    withImagesFrom(
      withImageOptions(
        program
          .command("plan")
          .alias("diff")
          .description("show what a deploy would change, changing nothing that runs; --out saves it for berth apply")
          .option(
            "--out <file>",
            "save the plan (change sets kept, images pushed and pinned by digest) for berth apply to carry out",
          )
          .addHelpText(
            "after",
            "\nCreates CloudFormation change sets and prints them with each service's release (what changes in its task definition: names of variables and secrets, never values). Without --out the change sets are deleted and nothing is built or pushed. With --out they are kept for berth apply (a stack that does not exist waits in REVIEW_IN_PROGRESS), the images are pushed, and the plan is written as JSON. berth diff is the same command.",
          )
          .addHelpText(
            "after",
            examples([
              ["berth plan -e staging", "what a deploy to staging would change"],
              ["berth plan -e production --out plan.json", "save it for review; berth apply plan.json carries it out"],
              ["berth plan -e production --json", "the plan as JSON on stdout"],
              ["berth plan -e production --registry ghcr.io/acme", "takes the same flags as deploy"],
            ]),
          ),
        "push",
      ),
    ),
  ).action(async (opts: DeployOptions & { out?: string }) => {
    const run = opts.out !== undefined ? { kind: "plan" as const, out: opts.out } : { kind: "plan" as const };
    process.exitCode = await runEnvironmentCommand("berth plan", opts, run);
  });
}
