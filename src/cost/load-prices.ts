import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EXIT, UserError } from "../exit-codes.js";
import { checkPriceTable, type PriceTable } from "./price-table.js";

/**
 * The price table of one Region, read only when an estimate asks for it: one small file per
 * Region (prices/<region>.json in the package), so an estimate reads one Region's prices
 * and nothing else (docs/architecture.md, "Cost").
 */
export function loadPriceTable(region: string, directory = pricesDirectory()): PriceTable {
  const file = join(directory, `${region}.json`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region) || !existsSync(file)) {
    const known = readdirSync(directory)
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.slice(0, -".json".length))
      .sort();
    throw new UserError(
      `berth has no prices for Region ${region}`,
      EXIT.usage,
      `berth's price table covers ${known.join(", ")}; AWS's prices for ${region} are at https://aws.amazon.com/pricing/`,
    );
  }
  return checkPriceTable(JSON.parse(readFileSync(file, "utf8")), file);
}

/**
 * prices/ beside dist/ in the package (the bundle, CommonJS, runs from dist/), or at the
 * repository's root for the sources (vitest gives ES modules a __dirname too).
 */
function pricesDirectory(): string {
  const candidates = [join(__dirname, "..", "prices"), join(__dirname, "..", "..", "prices")];
  const found = candidates.find((dir) => existsSync(join(dir, "us-east-1.json")));
  if (!found) throw new Error(`berth's price table is missing: looked in ${candidates.join(" and ")}`);
  return found;
}
