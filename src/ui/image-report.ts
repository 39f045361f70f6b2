import type { ImagePlan } from "../images/plan.js";
import type { PushResult, ServiceImage } from "../images/images.js";
import { paint, type Output } from "./output.js";

const SOURCE_WORDS: Record<ServiceImage["source"], string> = {
  built: "built and pushed",
  present: "already in the registry",
  prebuilt: "prebuilt image",
};

/** The pinned image of every service: what the release will run. */
export function reportPushed(result: PushResult, out: Output): void {
  if (out.json) {
    out.line(JSON.stringify({ ok: true, ...result }, null, 2));
    return;
  }
  const width = Math.max(...result.images.map((i) => i.service.length), 0);
  for (const image of result.images)
    out.line(`${image.service.padEnd(width)}  ${image.image}  ${paint.dim(out, SOURCE_WORDS[image.source])}`);
  const target =
    result.registry === undefined
      ? ""
      : result.destination === "ecr"
        ? ` in ECR (${result.registry})`
        : ` in ${result.registry}`;
  out.note(
    `${paint.green(out, "ok")} ${result.app} version ${result.version}: ${result.images.length} image${result.images.length === 1 ? "" : "s"} pinned by digest${target}`,
  );
}

export function reportBuilt(plan: ImagePlan, out: Output): void {
  if (out.json) {
    out.line(
      JSON.stringify(
        {
          ok: true,
          app: plan.app,
          version: plan.version,
          builds: plan.builds.map((b) => ({ services: b.services, platform: b.platform, image: b.localTag })),
        },
        null,
        2,
      ),
    );
    return;
  }
  for (const build of plan.builds)
    out.line(`${build.services.join(", ")}  ${build.localTag}  ${paint.dim(out, build.platform)}`);
  const skipped = plan.prebuilt.length
    ? `; ${plan.prebuilt.map((p) => p.service).join(", ")} use${plan.prebuilt.length === 1 ? "s" : ""} a prebuilt image`
    : "";
  out.note(
    `${paint.green(out, "ok")} ${plan.app} version ${plan.version}: ${plan.builds.length} build${plan.builds.length === 1 ? "" : "s"}${skipped}`,
  );
}
