import { describe, expect, test } from "vitest";
import { costChange, describeCostChange } from "../../src/cost/change.js";
import { deployedCostInput } from "../../src/cost/deployed.js";
import { renderedCostInput } from "../../src/cost/environment-resources.js";
import { estimateCost } from "../../src/cost/estimate.js";
import { loadPriceTable } from "../../src/cost/load-prices.js";
import { DEFAULT_USAGE } from "../../src/cost/usage.js";
import { HELLO, render } from "../render/helpers.js";

const prices = loadPriceTable("us-east-1");
const estimateOf = (text: string) => estimateCost(renderedCostInput(render(text)), prices, DEFAULT_USAGE);
const PER_AZ = `${HELLO}network: { nat: per-az }\n`;

describe("the cost of a change, between two rendered environments", () => {
  test("a NAT gateway per AZ adds the second gateway and its address: +$36.50 a month in us-east-1", () => {
    const change = costChange(estimateOf(HELLO), estimateOf(PER_AZ));
    // $0.045 per NAT gateway-hour and $0.005 per public IPv4 address-hour, 730 hours.
    expect(change.increase).toBeCloseTo((0.045 + 0.005) * 730, 6);
    expect(change.changes).toEqual([
      {
        item: "NAT gateway NatGateway2 and its public IPv4 address",
        change: "added",
        monthly: expect.closeTo(36.5, 6),
      },
    ]);
    expect(describeCostChange(change)).toBe(
      "monthly floor $82.65 → $119.15 (+$36.50/month: NAT gateway NatGateway2 and its public IPv4 address; prices of 2026-03-13)",
    );
  });

  test("going back says what goes", () => {
    const line = describeCostChange(costChange(estimateOf(PER_AZ), estimateOf(HELLO)));
    expect(line).toContain("(-$36.50/month: no more NAT gateway NatGateway2 and its public IPv4 address;");
  });

  test("an environment not yet deployed has no before", () => {
    const rendered = render(HELLO);
    expect(deployedCostInput(rendered, { services: [] })).toBeUndefined();
    const line = describeCostChange(costChange(undefined, estimateOf(HELLO)));
    expect(line).toBe("monthly floor $82.65 for a new environment (prices of 2026-03-13)");
  });

  test("what is deployed is read from the live environment stack and the services whose stacks exist", () => {
    const live = render(PER_AZ);
    const next = render(HELLO);
    // Deployed: the per-AZ network, and no service stack yet (a first deploy stopped before them).
    const before = deployedCostInput(next, { environment: live.template, services: [] })!;
    const change = costChange(estimateCost(before, prices, DEFAULT_USAGE), estimateOf(HELLO));
    expect(change.changes.map((c) => [c.item, c.change])).toEqual([
      ["NAT gateway NatGateway2 and its public IPv4 address", "removed"],
      ["web: 2 tasks × 0.25 vCPU, 0.5 GB (Fargate)", "added"],
      // The dashboard's stack comes with the service stacks: not deployed yet, it is added.
      ["1 CloudWatch dashboard", "added"],
      ["10 CloudWatch alarm metrics", "added"],
    ]);
    const withDashboard = deployedCostInput(next, { environment: live.template, services: ["web"], dashboard: true })!;
    const after = costChange(estimateCost(withDashboard, prices, DEFAULT_USAGE), estimateOf(HELLO));
    expect(after.changes.map((c) => c.item)).toEqual(["NAT gateway NatGateway2 and its public IPv4 address"]);
  });
});
