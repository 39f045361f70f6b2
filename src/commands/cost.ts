import type { Command } from "commander";
import { awsSettings } from "../aws/settings.js";
import { baseCostInput, renderedCostInput } from "../cost/environment-resources.js";
import { estimateCost } from "../cost/estimate.js";
import { loadPriceTable } from "../cost/load-prices.js";
import { DEFAULT_USAGE, parseUsage, type Usage } from "../cost/usage.js";
import { EXIT, UserError } from "../exit-codes.js";
import { stackName } from "../manifest/names.js";
import { previewBaseStackName } from "../render/preview-names.js";
import { renderApplication } from "../render/render.js";
import { reportEstimate } from "../ui/cost-report.js";
import { output, type Output } from "../ui/output.js";
import { reportProblems } from "../ui/problems.js";
import { examples } from "./examples.js";
import { loadManifestFor, withManifestOptions, type ManifestOptions } from "./options.js";

interface CostOptions extends ManifestOptions {
  usage?: string;
  region?: string;
}

export function register(program: Command): void {
  withManifestOptions(
    program
      .command("cost")
      .description("what an environment costs a month, per item, from berth's price table; needs no AWS")
      .option("--usage <file>", "traffic and storage to price (YAML; default: idle, a 10 GB database)")
      .option("--region <region>", "price in this Region (default: the manifest's, else AWS_REGION)")
      .addHelpText(
        "after",
        "\nThe floor is what the environment costs with no traffic, at its minimum task counts and capacity;" +
          " `at max` is the same at every maximum. The prices' date and every assumption are printed.",
      )
      .addHelpText(
        "after",
        examples([
          ["berth cost -e production", "each item, the floor, and at the autoscaling maximum"],
          [
            "berth cost --preview --json",
            "the pull request's preview, for a PR comment; then the previews' shared base",
          ],
          ["berth cost -e staging --usage usage.yml", "with traffic, storage and requests priced"],
        ]),
      ),
  ).action(async (opts: CostOptions) => {
    const out = output(opts);
    const loaded = await loadManifestFor("berth cost", opts, out, { quotas: true });
    if (!loaded) return;
    const m = loaded.manifest;
    const region = awsSettings(opts, m.region).region;
    if (!region)
      throw new UserError(
        "no Region to price in",
        EXIT.usage,
        "set region: in berth.yml, pass --region or set AWS_REGION",
      );
    const usage = await readUsage(opts.usage, out);
    if (!usage) return;
    const rendered = renderApplication(m);
    if (!rendered.ok) {
      reportProblems(rendered.problems, out, "berth cost");
      process.exitCode = EXIT.usage;
      return;
    }
    const prices = loadPriceTable(region);
    const estimate = estimateCost(renderedCostInput(rendered.rendered), prices, usage);
    // A preview's own items, then once what every preview shares (src/render/preview-base.ts).
    const base = rendered.rendered.previewBase;
    const shared = base
      ? { stack: previewBaseStackName(m.app), estimate: estimateCost(baseCostInput(base), prices, usage) }
      : undefined;
    reportEstimate(estimate, stackName(m.app, m.environment), out, shared);
  });
}

async function readUsage(file: string | undefined, out: Output): Promise<Usage | undefined> {
  if (file === undefined) return DEFAULT_USAGE;
  const { readFile } = await import("node:fs/promises");
  const text = await readFile(file, "utf8").catch(() => {
    throw new UserError(`cannot read the usage file ${file}`, EXIT.usage, "pass --usage a YAML file that exists");
  });
  const parsed = parseUsage(text, file);
  if (parsed.ok) return parsed.usage;
  reportProblems(parsed.problems, out, "berth cost");
  process.exitCode = EXIT.usage;
  return undefined;
}
