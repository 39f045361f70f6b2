import type { Command } from "commander";
import { examples } from "./examples.js";
import { imageRequest, withImageOptions, type ImageOptions } from "./image-options.js";

export function register(program: Command): void {
  withImageOptions(
    program
      .command("build")
      .description("build every service's image with Docker, Podman or Buildah (no push)")
      .addHelpText(
        "after",
        "\nServices with the same build (context, dockerfile, target, args, arch) are built once.\nExit codes: 0 built, 1 a build failed, 2 usage or manifest error.",
      )
      .addHelpText(
        "after",
        examples([
          ["berth build", "builds every service, tagged with the git commit"],
          ["berth build --builder buildah --tag v1.2.0", "with Buildah, tagged v1.2.0"],
        ]),
      ),
    "build",
  ).action(async (opts: ImageOptions) => {
    const loaded = await imageRequest("berth build", opts);
    if (!loaded) return;
    // Loaded on use: validate and --help never pay for the image code.
    const [{ buildServices }, { imageProgress }, { reportBuilt }] = await Promise.all([
      import("../images/images.js"),
      import("../ui/image-progress.js"),
      import("../ui/image-report.js"),
    ]);
    reportBuilt(await buildServices(loaded.request, imageProgress(loaded.out)), loaded.out);
  });
}
