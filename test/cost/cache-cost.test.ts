import { expect, test } from "vitest";
import { renderedCostInput } from "../../src/cost/environment-resources.js";
import { estimateCost } from "../../src/cost/estimate.js";
import { checkPriceTable, priceLabel } from "../../src/cost/price-table.js";
import { loadPriceTable } from "../../src/cost/load-prices.js";
import { DEFAULT_USAGE } from "../../src/cost/usage.js";
import { render } from "../render/helpers.js";

const CACHED = `app: shop
services:
  web: { image: x, port: 80, http: {}, uses: [sessions] }
caches: { sessions: {} }
environments: { production: {} }
`;

test("a cache berth has no price for is its own unpriced line, named by node type, and left out of the floor", () => {
  const e = estimateCost(renderedCostInput(render(CACHED)), loadPriceTable("us-east-1"), DEFAULT_USAGE);
  const line = e.lines.find((l) => l.id === "cache:SessionsCache");
  expect(line).toEqual({
    id: "cache:SessionsCache",
    item: "cache SessionsCache: 1 node × cache.t4g.micro (ElastiCache for Valkey)",
    kind: "floor",
    monthly: undefined,
    missing: ["elasticache.valkeyNodeHour:cache.t4g.micro"],
  });
  expect(e.missing.map(priceLabel)).toContain("ElastiCache for Valkey cache.t4g.micro per node-hour");
});

test("with a price for its node type, a production cache costs its primary and its replica every hour", () => {
  const shipped = loadPriceTable("us-east-1");
  const table = checkPriceTable(
    { ...shipped, prices: { ...shipped.prices, "elasticache.valkeyNodeHour:cache.t4g.small": 0.5 } },
    "test table",
  );
  const e = estimateCost(renderedCostInput(render(CACHED, { env: "production" })), table, DEFAULT_USAGE);
  expect(e.lines.find((l) => l.id === "cache:SessionsCache")).toMatchObject({
    item: "cache SessionsCache: 2 nodes × cache.t4g.small (ElastiCache for Valkey)",
    monthly: 2 * 0.5 * 730,
  });
});

test("a price table may hold cache node prices, and nothing else berth does not know", () => {
  const base = { region: "us-east-1", date: "2026-03-01", source: "test" };
  expect(() =>
    checkPriceTable({ ...base, prices: { "elasticache.valkeyNodeHour:cache.r7g.large": 0.2 } }, "t.json"),
  ).not.toThrow();
  expect(() => checkPriceTable({ ...base, prices: { "elasticache.redis": 0.2 } }, "t.json")).toThrow(
    "t.json: unknown price elasticache.redis",
  );
});
