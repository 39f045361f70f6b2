import { describe, expect, test } from "vitest";
import { renderedCostInput } from "../../src/cost/environment-resources.js";
import { estimateCost, type Estimate } from "../../src/cost/estimate.js";
import { loadPriceTable } from "../../src/cost/load-prices.js";
import { DEFAULT_USAGE } from "../../src/cost/usage.js";
import { CASSANDRA, EXAMPLE_CERTIFICATE, HELLO, render } from "../render/helpers.js";

// AWS's on-demand list prices for US East (N. Virginia), as AWS's pricing pages give them
// (the same figures the table in prices/us-east-1.json records with its sources):
// Fargate Linux/x86 $0.04048 per vCPU-hour and $0.004445 per GB-hour (aws.amazon.com/fargate/pricing);
// Application Load Balancer $0.0225 an hour (aws.amazon.com/elasticloadbalancing/pricing);
// NAT gateway $0.045 an hour (aws.amazon.com/vpc/pricing); public IPv4 $0.005 an hour
// (aws.amazon.com/vpc/pricing, "Public IPv4 addresses"); Aurora Serverless v2 $0.12 per ACU-hour
// and storage $0.10 per GB-month (aws.amazon.com/rds/aurora/pricing); Secrets Manager $0.40 per
// secret a month (aws.amazon.com/secrets-manager/pricing); CloudWatch $0.10 per standard alarm
// metric a month (aws.amazon.com/cloudwatch/pricing). A month is 730 hours.
const HOURS = 730;
const usEast1 = loadPriceTable("us-east-1");

function estimate(text: string, vars: Record<string, string> = {}, env?: string): Estimate {
  const rendered = render(text, {
    vars: { CASSANDRA_CERTIFICATE_ARN: EXAMPLE_CERTIFICATE, ...vars },
    ...(env ? { env } : {}),
  });
  return estimateCost(renderedCostInput(rendered), usEast1, DEFAULT_USAGE);
}

function monthly(e: Estimate): Record<string, number | undefined> {
  return Object.fromEntries(e.lines.filter((l) => l.kind === "floor").map((l) => [l.id, l.monthly]));
}

describe("the estimate matches AWS's published prices worked out by hand", () => {
  test("examples/hello: one web service of 2 small tasks, a load balancer, one NAT gateway", () => {
    const e = estimate(HELLO);
    const hand = {
      "service:web": 2 * (0.25 * 0.04048 + 0.5 * 0.004445) * HOURS, // $18.02
      "load-balancer:LoadBalancer": 0.0225 * HOURS, // $16.43
      "load-balancer-addresses:LoadBalancer": 2 * 0.005 * HOURS, // $7.30, one address per AZ
      "nat:NatGateway1": (0.045 + 0.005) * HOURS, // $36.50, the gateway and its Elastic IP
      secrets: 0.4, // the test header's secret
      // The 5xx-rate alarm reads 4 metrics (errors and requests of both target groups), unhealthy
      // hosts 2, the load balancer's own 5xx rate 2 (its errors and requests), p99 latency 2 (one
      // per target group).
      alarms: 10 * 0.1,
      dashboards: 3, // the environment's dashboard, $3 a month beyond the account's first three
    };
    for (const [id, figure] of Object.entries(hand)) expect(monthly(e)[id], id).toBeCloseTo(figure, 6);
    // Container Insights is production's (and a backlog-scaled worker's): not here.
    expect(Object.keys(monthly(e)).sort()).toEqual(Object.keys(hand).sort());
    expect(e.floor).toBeCloseTo(82.64505, 6);
    expect(e.missing).toEqual([]);
  });

  test("examples/cassandra production: autoscaling services, two database instances, the floor and the maximum", () => {
    const e = estimate(CASSANDRA, { AWS_REGION: "us-east-1" }, "production");
    const webTask = 0.5 * 0.04048 + 1 * 0.004445;
    const workerTask = 1 * 0.04048 + 2 * 0.004445;
    const hand = {
      "service:web": 3 * webTask * HOURS, // count min 3 in production: $54.06
      "service:worker": 0, // count min 0: it scales from zero on the queue
      "load-balancer:LoadBalancer": 0.0225 * HOURS,
      "load-balancer-addresses:LoadBalancer": 2 * 0.005 * HOURS,
      // Production has a NAT gateway per AZ, each with its Elastic IP.
      "nat:NatGateway1": (0.045 + 0.005) * HOURS,
      "nat:NatGateway2": (0.045 + 0.005) * HOURS,
      // A writer and a reader (production), each at 0.5 ACU.
      "database:Database": 2 * 0.5 * 0.12 * HOURS, // $87.60
      secrets: 2 * 0.4, // the test header's, and the master password RDS manages
      // web: 5xx rate 4 + unhealthy hosts 2 + the load balancer's 5xx rate 2 + p99 latency 2 +
      // CPU target tracking 2 × 1; worker: queue age 1,
      // backlog target tracking 2 × 3 (visible, in flight, running tasks), the wake alarm 2;
      // the dead-letter queue's 1; the schedule group's failed invocations 1.
      alarms: 23 * 0.1,
      dashboards: 3,
      // Container Insights, $0.30 per custom metric a month: the cluster's 10 and web's 21 (13 by
      // service, 8 by task family); worker at zero tasks publishes none.
      "container-insights": (10 + 21) * 0.3,
    };
    for (const [id, figure] of Object.entries(hand)) expect(monthly(e)[id], id).toBeCloseTo(figure, 6);
    expect(Object.keys(monthly(e)).sort()).toEqual(Object.keys(hand).sort());
    expect(e.floor).toBeCloseTo(253.78515, 6);
    const atMax = Object.fromEntries(e.lines.map((l) => [l.id, l.atMax]));
    expect(atMax["service:web"]).toBeCloseTo(20 * webTask * HOURS, 6); // $360.40
    expect(atMax["service:worker"]).toBeCloseTo(20 * workerTask * HOURS, 6); // $720.80
    expect(atMax["database:Database"]).toBeCloseTo(2 * 8 * 0.12 * HOURS, 6); // $1,401.60
    // At its maximum the worker runs too, and publishes its 21 metrics.
    expect(atMax["container-insights"]).toBeCloseTo((10 + 21 + 21) * 0.3, 6);
    expect(e.floorAtMax).toBeCloseTo(253.78515 - 54.06015 - 87.6 + 360.401 + 720.802 + 1401.6 + 21 * 0.3, 6);
    // The default usage: a 10 GB database at $0.10 per GB-month; everything else idle.
    expect(e.usage).toBeCloseTo(10 * 0.1, 6);
  });
});

describe("what the estimate says about itself", () => {
  test("a preview's Spot tasks are priced at on-demand, and the estimate says so", () => {
    const e = estimate(CASSANDRA, { AWS_REGION: "us-east-1" }, "pr-7");
    expect(e.lines.find((l) => l.id === "service:web")?.item).toMatch(/Fargate Spot, priced at on-demand/);
    expect(e.assumptions.join("\n")).toMatch(/Spot tasks are priced at on-demand/);
  });

  test("a Region whose table lacks a price leaves the line unpriced and names the price", () => {
    const rendered = render(HELLO);
    const e = estimateCost(renderedCostInput(rendered), loadPriceTable("eu-south-1"), DEFAULT_USAGE);
    expect(e.lines.find((l) => l.id === "service:web")).toMatchObject({
      monthly: undefined,
      missing: ["fargate.vcpuHour", "fargate.gbHour"],
    });
    expect(e.missing).toContain("nat.hour");
    // Only what has a price is summed: the load balancer's two addresses.
    expect(e.floor).toBeCloseTo(2 * 0.005 * HOURS, 6);
  });

  test("traces add X-Ray's traces under usage, at $5 per million recorded", () => {
    const traced = `${HELLO}observability: { traces: true }\n`.replace("    image: ", "    cpu: 512\n    image: ");
    const idle = estimate(traced).lines.find((l) => l.id === "usage:traces");
    expect(idle?.monthly).toBe(0);
    expect(idle?.missing).toBeUndefined();
    const usage = { ...DEFAULT_USAGE, traces: { millions: 3 } };
    const e = estimateCost(renderedCostInput(render(traced)), loadPriceTable("us-east-1"), usage);
    expect(e.lines.find((l) => l.id === "usage:traces")?.monthly).toBeCloseTo(15, 6);
    expect(estimate(HELLO).lines.find((l) => l.id === "usage:traces")).toBeUndefined();
  });

  test("a Region berth has no table for is refused, naming the Regions it has", () => {
    expect(() => loadPriceTable("xx-nowhere-9")).toThrow(/no prices for Region xx-nowhere-9/);
  });
});
