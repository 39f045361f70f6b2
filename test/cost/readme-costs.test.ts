import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { renderedCostInput } from "../../src/cost/environment-resources.js";
import { estimateCost } from "../../src/cost/estimate.js";
import { loadPriceTable } from "../../src/cost/load-prices.js";
import { DEFAULT_USAGE, parseUsage } from "../../src/cost/usage.js";
import { formatUsd } from "../../src/ui/cost-report.js";
import { HELLO, render } from "../render/helpers.js";

// README.md, "Preview environments": the floor table and the two preview figures are what
// `berth cost` computes for examples/hello in us-east-1, so they cannot drift from it.
const README = readFileSync("README.md", "utf8");
const prices = loadPriceTable("us-east-1");
const estimate = (text: string, env?: string) =>
  estimateCost(renderedCostInput(render(text, env ? { env } : {})), prices, DEFAULT_USAGE);

test("the README's floor table is berth cost's, line by line", () => {
  const e = estimate(HELLO);
  // A price the table lacks is named, never guessed (docs/architecture.md, "Cost").
  const amount = (monthly: number | undefined) =>
    monthly === undefined ? "not in the price table" : formatUsd(monthly);
  const rows = e.lines.filter((l) => l.kind === "floor").map((l) => `| ${l.item} | ${amount(l.monthly)} |`);
  const table = [
    "<!-- berth cost: examples/hello, us-east-1 -->",
    "| item | per month |",
    "|---|---|",
    ...rows,
    `| **floor** | **${formatUsd(e.floor)}**${e.missing.length > 0 ? " (priced items only)" : ""} |`,
  ].join("\n");
  expect(README).toContain(table);
  expect(README).toContain(`prices of ${e.priceDate}`);
});

test("the README's preview floors are berth cost's, with the NAT gateway and without", () => {
  const noNat = `${HELLO}environments:\n  preview:\n    network: { nat: none }\n`;
  expect(README).toContain(`its floor is **${formatUsd(estimate(HELLO, "pr-1").floor)}** with the NAT`);
  expect(README).toContain(
    `and **${formatUsd(estimate(noNat, "pr-1").floor)}** with \`preview: { network: { nat: none } }\``,
  );
});

test("the README's usage file example is one berth cost reads", () => {
  const example = /```yaml\n(# usage\.yml[\s\S]*?)```/.exec(README)?.[1];
  expect(example).toBeDefined();
  const parsed = parseUsage(example!, "usage.yml");
  expect(parsed).toMatchObject({ ok: true, usage: { nat: { gb: 200 }, images: { storageGb: 4 } } });
});
