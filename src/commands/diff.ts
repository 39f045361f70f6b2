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
          .command("diff")
          .description("show what a deploy would change in each stack, changing nothing")
          .addHelpText(
            "after",
            "\nCreates CloudFormation change sets, prints them, and deletes them unexecuted; builds and pushes nothing.",
          )
          .addHelpText(
            "after",
            examples([
              ["berth diff -e staging", "what a deploy to staging would change"],
              ["berth diff -e production --registry ghcr.io/acme", "takes the same flags as deploy"],
            ]),
          ),
        "push",
      ),
    ),
  ).action(async (opts: DeployOptions) => {
    process.exitCode = await runEnvironmentCommand("berth diff", opts, false);
  });
}
