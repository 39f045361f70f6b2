import type { Command } from "commander";
import { examples } from "./examples.js";
import { imageRequest, withImageOptions, type ImageOptions } from "./image-options.js";
import { withAwsOptions } from "./options.js";

export function register(program: Command): void {
  withAwsOptions(
    withImageOptions(
      program
        .command("push")
        .description("build what is missing, push it to ECR (or --registry), and pin every service's image by digest")
        .addHelpText(
          "after",
          "\nA version already in the registry is neither built nor pushed.\nRegistry credentials: ECR's token, else BERTH_REGISTRY_USERNAME / BERTH_REGISTRY_PASSWORD, else your builder's login.\nExit codes: 0 pushed, 1 a build, push or AWS call failed, 2 usage or manifest error.",
        )
        .addHelpText(
          "after",
          examples([
            ["berth push", "to the app's ECR repositories; prints each image pinned by digest"],
            ["berth push --registry ghcr.io/acme", "to GHCR, with BERTH_REGISTRY_USERNAME/PASSWORD"],
            ["berth push --registry localhost:5000 --plain-http", "to a registry on this machine"],
          ]),
        ),
      "push",
    ),
  ).action(async (opts: ImageOptions) => {
    const loaded = await imageRequest("berth push", opts);
    if (!loaded) return;
    // Loaded on use: validate and --help never pay for the image code.
    const [{ pushServices }, { imageProgress }, { reportPushed }] = await Promise.all([
      import("../images/images.js"),
      import("../ui/image-progress.js"),
      import("../ui/image-report.js"),
    ]);
    reportPushed(await pushServices(loaded.request, imageProgress(loaded.out)), loaded.out);
  });
}
