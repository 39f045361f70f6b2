import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadPriceTable } from "../../src/cost/load-prices.js";
import type { PRICE_KEYS } from "../../src/cost/price-table.js";

// A recorded sample of AWS's Price List bulk files for us-east-1, in their format
// (offers/v1.0/aws/<offer>/current/<region>/index.json: products by SKU with productFamily and
// attributes; terms.OnDemand[sku][sku.offerTermCode].priceDimensions[rateCode].pricePerUnit.USD),
// cut down to the products berth prices and some it must not take for them.
const SAMPLE = "test/fixtures/price-list";

function generate(): { dir: string; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), "berth-prices-"));
  const run = spawnSync(process.execPath, ["scripts/price-table.mjs", "--from", SAMPLE, "--out", dir, "us-east-1"], {
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return { dir, stdout: run.stdout };
}

describe("scripts/price-table.mjs writes the table from AWS's bulk files", () => {
  test("each price comes from its product's on-demand term, in the table's units", () => {
    const { dir } = generate();
    const table = loadPriceTable("us-east-1", dir);
    expect(table.prices).toEqual({
      "fargate.vcpuHour": 0.04048, // not the Windows or ephemeral-storage products beside it
      "fargate.gbHour": 0.004445,
      "fargate.armVcpuHour": 0.03238,
      "fargate.armGbHour": 0.00356,
      "alb.hour": 0.0225, // the Application Load Balancer's, not the Network Load Balancer's
      "alb.lcuHour": 0.008,
      "nat.hour": 0.045,
      "nat.gb": 0.045,
      "ipv4.hour": 0.005, // in use, not idle
      "endpoint.hour": 0.01,
      "endpoint.gb": 0.01, // the first tier
      "sqs.requestMillion": 0.4, // per request × a million, past the free tier
      "aurora.acuHour": 0.12,
      "aurora.ioOptimizedAcuHour": 0.16,
      "aurora.storageGbMonth": 0.1,
      "aurora.ioMillion": 0.2,
    });
    expect(table.date).toBe("2026-03-01");
    expect(table.source).toMatch(/^AWS Price List bulk files/);
    expect(table.sources?.["nat.hour"]).toBe(
      `${SAMPLE}/offers/v1.0/aws/AmazonEC2/current/us-east-1/index.json (version 20260301000000)`,
    );
  });

  test("prices the sample lacks are left out and named, not guessed", () => {
    const { dir, stdout } = generate();
    expect(stdout).toMatch(
      /^us-east-1: 16 prices of 2026-03-01; no price for aurora\.ioOptimizedStorageGbMonth, efs\.standardGbMonth/m,
    );
    const written = JSON.parse(readFileSync(join(dir, "us-east-1.json"), "utf8")) as { prices: Record<string, number> };
    expect(written.prices).not.toHaveProperty("efs.standardGbMonth");
  });

  test("the shipped us-east-1 table agrees with the bulk files on every price they share", () => {
    const generated = loadPriceTable("us-east-1", generate().dir).prices;
    const shipped = loadPriceTable("us-east-1").prices;
    for (const [key, price] of Object.entries(generated))
      expect(shipped[key as keyof typeof PRICE_KEYS], key).toBe(price);
  });

  test("every Region the issue names ships a table, and all of them together stay small", () => {
    const regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "eu-south-1", "ap-southeast-1"];
    const bytes = regions.map((r) => readFileSync(`prices/${r}.json`).length).reduce((a, b) => a + b, 0);
    for (const region of regions) expect(loadPriceTable(region).region).toBe(region);
    expect(bytes).toBeLessThan(300 * 1024);
  });
});
