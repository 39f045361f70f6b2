import type { Command } from "commander";
import type { AwsSettings } from "../aws/settings.js";
import type { Manifest } from "../manifest/types.js";
import type { ListedPreview, PreviewFloor } from "../ui/previews-report.js";
import { examples } from "./examples.js";
import { withAwsOptions, type AwsOptions } from "./options.js";

interface PreviewsOptions extends AwsOptions {
  file: string;
  json?: boolean;
}

/** Manifests are loaded as this preview to read the preview section (`expires`, URLs): any pr-<n> reads the same one. */
export const ANY_PREVIEW = "pr-0";

export function register(program: Command): void {
  withAwsOptions(
    program
      .command("previews")
      .description("list the app's previews: pull request, last deploy, age, URL; the expired ones marked")
      .option("-f, --file <path>", "manifest to read", "berth.yml")
      .option("--json", "print machine-readable JSON")
      .addHelpText(
        "after",
        examples([
          ["berth previews", "every pr-<n> environment of the app, oldest pull request first"],
          ["berth destroy --expired --yes", "remove those not deployed for environments.preview.expires (14d)"],
        ]),
      ),
  ).action(async (opts: PreviewsOptions) => {
    const { loadEnvironment } = await import("./environment-options.js");
    const loaded = await loadEnvironment({ ...opts, env: ANY_PREVIEW }, "berth previews");
    if (!loaded) return;
    const { reportPreviews } = await import("../ui/previews-report.js");
    const { expires, previews } = await readPreviews(loaded.m, loaded.aws, Date.now());
    const floor = await previewFloor(loaded.m, loaded.aws.region);
    process.exitCode = reportPreviews(loaded.m.app, expires, previews, Date.now(), loaded.out, floor);
  });
}

/** What a preview costs a month with no traffic, from berth's price table; none for a Region it has no table for. */
async function previewFloor(m: Manifest, region: string | undefined): Promise<PreviewFloor | undefined> {
  const [
    { regionPrices },
    { renderApplication },
    { baseCostInput, renderedCostInput },
    { estimateCost },
    { DEFAULT_USAGE },
  ] = await Promise.all([
    import("./cost-change.js"),
    import("../render/render.js"),
    import("../cost/environment-resources.js"),
    import("../cost/estimate.js"),
    import("../cost/usage.js"),
  ]);
  const prices = regionPrices(region);
  const rendered = renderApplication(m);
  // No prices for the Region (berth cost says why), or a manifest that does not render: nothing said of cost.
  if ("unavailable" in prices || !rendered.ok) return undefined;
  const estimate = estimateCost(renderedCostInput(rendered.rendered), prices, DEFAULT_USAGE);
  const shared = rendered.rendered.previewBase;
  const base = shared ? { base: estimateCost(baseCostInput(shared), prices, DEFAULT_USAGE).floor } : {};
  return { monthly: estimate.floor, priceDate: estimate.priceDate, partial: estimate.missing.length > 0, ...base };
}

/** The app's previews, each marked expired or not, with its URL. */
export async function readPreviews(
  m: Manifest,
  aws: AwsSettings,
  now: number,
): Promise<{ expires: number; previews: ListedPreview[] }> {
  const [{ listPreviews, isExpired, DEFAULT_PREVIEW_EXPIRY_SECONDS }, { cloudFormationPort }, { berthTable }, url] =
    await Promise.all([
      import("../deployers/previews/preview-list.js"),
      import("../aws/cloudformation.js"),
      import("../aws/berth-table.js"),
      import("../deployers/environment-url.js"),
    ]);
  const expires = m.expires ?? DEFAULT_PREVIEW_EXPIRY_SECONDS;
  const entries = await listPreviews(m.app, cloudFormationPort(aws), berthTable(aws, m.app).history);
  const previews = entries.map((e) => {
    const address = url.environmentUrl({ ...m, environment: e.environment }, e.outputs);
    return { ...e, expired: isExpired(e, expires, now), ...(address ? { url: address } : {}) };
  });
  return { expires, previews };
}
