import type { Command } from "commander";
import { awsSettings } from "../aws/settings.js";
import { EXIT, UserError } from "../exit-codes.js";
import type { Manifest } from "../manifest/types.js";
import type { Output } from "../ui/output.js";
import { promotionLine } from "../ui/promotion.js";
import { loadManifestFor, type AwsOptions, type ManifestOptions } from "./options.js";

/** `deploy` and `diff` take it alike, so one CI line's flags serve both. */
export function withImagesFrom(command: Command): Command {
  return command.option(
    "--images-from <environment>",
    "deploy the images that environment serves (pinned by digest), building nothing: promote what staging tested",
  );
}

/**
 * `--images-from ENV`: the images ENV serves, read before the deploy takes its lock (reads
 * only). A refusal changes nothing and is no release, so the history records none.
 */
export async function readPromotion(
  opts: ManifestOptions & AwsOptions & { imagesFrom: string; tag?: string; force?: boolean },
  target: Manifest,
  out: Output,
): Promise<{ images: Record<string, string>; version?: string } | undefined> {
  if (opts.imagesFrom === target.environment)
    throw new UserError(`--images-from ${opts.imagesFrom} names the environment being deployed`, EXIT.usage);
  if (opts.force)
    throw new UserError("--images-from builds nothing, so --force has nothing to do", EXIT.usage, "leave out --force");
  const loaded = await loadManifestFor("berth deploy --images-from", { ...opts, env: opts.imagesFrom }, out);
  if (!loaded) return undefined;
  const source = loaded.manifest;
  const aws = awsSettings(opts, source.region);
  const [{ statusReads }, { berthTable }, { readEnvironment }, { environmentStatus }, { promotedImages }] =
    await Promise.all([
      import("../aws/status-reads.js"),
      import("../aws/berth-table.js"),
      import("../deployers/status/read-environment.js"),
      import("../deployers/status/environment-status.js"),
      import("../deployers/promotion/promoted-images.js"),
    ]);
  const observed = await readEnvironment(source, { aws: statusReads(aws), ...berthTable(aws, source.app) });
  const promotion = promotedImages(target, environmentStatus(source, observed, Date.now()), opts.tag);
  if (!promotion.ok)
    throw new UserError(
      `--images-from ${opts.imagesFrom}: ${promotion.problems.join("; ")}; nothing was changed`,
      EXIT.failure,
      `berth status -e ${opts.imagesFrom} shows what serves there`,
    );
  out.note(promotionLine(opts.imagesFrom, promotion));
  return promotion;
}
