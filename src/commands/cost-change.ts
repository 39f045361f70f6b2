import { costChange, describeCostChange, type CostReport } from "../cost/change.js";
import { deployedCostInput, type Deployed } from "../cost/deployed.js";
import { renderedCostInput } from "../cost/environment-resources.js";
import { estimateCost } from "../cost/estimate.js";
import { loadPriceTable } from "../cost/load-prices.js";
import type { PriceTable } from "../cost/price-table.js";
import { DEFAULT_USAGE } from "../cost/usage.js";
import type { CloudFormationPort } from "../deployers/infrastructure/cloudformation-port.js";
import { EXIT, UserError } from "../exit-codes.js";
import { dashboardStackName, serviceStackName, stackName } from "../manifest/names.js";
import type { Manifest } from "../manifest/types.js";
import { renderApplication } from "../render/render.js";

/**
 * The environment's monthly floor before (what is deployed, src/cost/deployed.ts) and after (the
 * manifest rendered) the change, from berth's price table (src/cost/change.ts). Two reads: one
 * ListStacks and the environment stack's GetTemplate.
 */
export async function environmentCostChange(
  m: Manifest,
  region: string | undefined,
  cloudFormation: Pick<CloudFormationPort, "listStackNames" | "getTemplate">,
): Promise<CostReport> {
  const prices = regionPrices(region);
  if ("unavailable" in prices) return prices;
  const rendered = renderApplication(m);
  if (!rendered.ok || !cloudFormation.getTemplate) return { unavailable: "the environment could not be rendered" };
  const name = stackName(m.app, m.environment);
  const existing = new Set(await cloudFormation.listStackNames(name));
  const deployed: Deployed = {
    services: Object.keys(m.services).filter((s) => existing.has(serviceStackName(m.app, m.environment, s))),
    dashboard: existing.has(dashboardStackName(m.app, m.environment)),
  };
  const environment = existing.has(name) ? await cloudFormation.getTemplate(name) : undefined;
  if (environment) deployed.environment = environment;
  const before = deployedCostInput(rendered.rendered, deployed);
  const change = costChange(
    before && estimateCost(before, prices, DEFAULT_USAGE),
    estimateCost(renderedCostInput(rendered.rendered), prices, DEFAULT_USAGE),
  );
  return { change, line: describeCostChange(change) };
}

/** berth's prices for the Region, or why there are none (no Region, or one berth has no table for). */
export function regionPrices(region: string | undefined): PriceTable | { unavailable: string } {
  if (!region) return { unavailable: "no Region to price in" };
  try {
    return loadPriceTable(region);
  } catch (error) {
    if (error instanceof UserError) return { unavailable: error.message };
    throw error;
  }
}

/** `--max-monthly-increase`: a deploy that adds more is refused before anything changes. */
export function checkMonthlyIncrease(report: CostReport, max: string | undefined): void {
  if (max === undefined) return;
  const limit = Number(max.replace(/^\$/, ""));
  if (!(limit >= 0))
    throw new UserError(`--max-monthly-increase ${max}: expected a number of dollars`, EXIT.usage, "for example 50");
  if ("unavailable" in report)
    throw new UserError(
      `--max-monthly-increase: the change cannot be priced (${report.unavailable}); nothing was changed`,
      EXIT.failure,
      "deploy to a Region berth has prices for, or drop --max-monthly-increase",
    );
  if (report.change.increase > limit)
    throw new UserError(
      `this deploy raises the ${report.line}, more than --max-monthly-increase ${limit}; nothing was changed`,
      EXIT.failure,
      "raise --max-monthly-increase if the increase is meant, or change the manifest",
    );
}
