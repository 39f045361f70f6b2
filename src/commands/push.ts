import type { Command } from "commander";
import { imageRequest, withImageOptions, type ImageOptions } from "./image-options.js";
import { withAwsOptions } from "./options.js";

export function register(program: Command): void {
  withAwsOptions(withImageOptions(
    program
      .command("push")
      .description("build what is missing, push it to ECR (or --registry), and pin every service's image by digest")
      .option("--force", "build and push even when the version is already in the registry")
      .option("--registry <host/namespace>", "push to this OCI registry instead of ECR (overrides registry: in the manifest)")
      .option("--plain-http", "reach a registry on this machine (localhost, 127.0.0.1) over plain HTTP")
      .addHelpText(
        "after",
        "\nA version already in the registry is neither built nor pushed.\nRegistry credentials: ECR's token, else BERTH_REGISTRY_USERNAME / BERTH_REGISTRY_PASSWORD, else your builder's login.\nExit codes: 0 pushed, 1 a build, push or AWS call failed, 2 usage or manifest error.",
      ),
  )).action(async (opts: ImageOptions) => {
    const loaded = await imageRequest("berth push", opts);
    if (!loaded) return;
    // Loaded on use: validate and --help never pay for the image code.
    const [{ pushServices }, { imageProgress }, { reportPushed }] = await Promise.all([import("../images/images.js"), import("../ui/image-progress.js"), import("../ui/image-report.js")]);
    reportPushed(await pushServices(loaded.request, imageProgress(loaded.out)), loaded.out);
  });
}
