import { describe, expect, test } from "vitest";
import { inBatches, serviceMetricPlan } from "../../../src/deployers/status/metric-queries.js";
import { metricWindow, parseInterval, pointCount, slotted } from "../../../src/deployers/status/metric-window.js";
import { manifestOf } from "../../render/helpers.js";

const outputs = {
  ClusterName: "shop-default",
  LoadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop-default/50dc6c495c0c9188",
  WebTargetGroupA: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-web-a/73e2d6bc24d8a067",
  WebTargetGroupB: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-web-b/0f1e2d3c4b5a6978",
  JobsQueueName: "shop-default-jobs",
};
const m = manifestOf(
  "app: shop\nqueues: { jobs: {} }\nservices:\n  web: { image: nginx, port: 80, http: {} }\n  worker: { image: nginx, queue: jobs }\n",
  { vars: {} },
);

describe("the queries berth status sends", () => {
  test("are named from the stacks' outputs: both target groups, the load balancer, the cluster and service, the queue", () => {
    const plan = serviceMetricPlan(m, outputs);
    const named = plan.queries.map((q) => [
      plan.roles[q.id]!.service,
      q.metric,
      q.stat,
      Object.fromEntries(q.dimensions.map((d) => [d.name, d.value])),
    ]);
    const web = { LoadBalancer: "app/shop-default/50dc6c495c0c9188" };
    const a = { TargetGroup: "targetgroup/shop-web-a/73e2d6bc24d8a067", ...web };
    const b = { TargetGroup: "targetgroup/shop-web-b/0f1e2d3c4b5a6978", ...web };
    expect(named).toEqual([
      ["web", "RequestCount", "Sum", a],
      ["web", "HTTPCode_Target_5XX_Count", "Sum", a],
      ["web", "TargetResponseTime", "p99", a],
      ["web", "RequestCount", "Sum", b],
      ["web", "HTTPCode_Target_5XX_Count", "Sum", b],
      ["web", "TargetResponseTime", "p99", b],
      ["web", "HTTPCode_ELB_5XX_Count", "Sum", web],
      ["web", "CPUUtilization", "Average", { ClusterName: "shop-default", ServiceName: "web" }],
      ["web", "MemoryUtilization", "Average", { ClusterName: "shop-default", ServiceName: "web" }],
      ["worker", "CPUUtilization", "Average", { ClusterName: "shop-default", ServiceName: "worker" }],
      ["worker", "MemoryUtilization", "Average", { ClusterName: "shop-default", ServiceName: "worker" }],
      ["worker", "ApproximateNumberOfMessagesVisible", "Maximum", { QueueName: "shop-default-jobs" }],
    ]);
    expect(plan.queries.every((q) => /^[a-z][a-zA-Z0-9_]*$/.test(q.id))).toBe(true);
  });

  test("the load balancer's own 5xx count only for a service alone on it: ALB reports them per load balancer", () => {
    const two = manifestOf(
      "app: shop\nservices:\n  web: { image: nginx, port: 80, http: {} }\n  api: { image: nginx, port: 80, http: { path: /api } }\n",
      { vars: {} },
    );
    const plan = serviceMetricPlan(two, { ...outputs, ApiTargetGroupA: outputs.WebTargetGroupA });
    expect(plan.queries.filter((q) => q.metric === "HTTPCode_ELB_5XX_Count")).toEqual([]);
  });

  test("an environment not deployed yet (no outputs) has nothing to query", () => {
    expect(serviceMetricPlan(m, {}).queries).toEqual([]);
  });

  test("more than 500 queries go in batches of 500; long windows in smaller ones, within 100,800 datapoints", () => {
    const queries = Array.from({ length: 1201 }, (_, i) => ({
      id: `m${i}`,
      namespace: "AWS/ECS",
      metric: "CPUUtilization",
      dimensions: [],
      stat: "Average",
    }));
    expect(inBatches(queries, 60).map((b) => b.length)).toEqual([500, 500, 201]);
    expect(inBatches(queries.slice(0, 500), 60)).toHaveLength(1);
    expect(inBatches(queries.slice(0, 500), 1440).map((b) => b.length)).toEqual([70, 70, 70, 70, 70, 70, 70, 10]);
    expect(inBatches([], 60)).toEqual([]);
  });
});

describe("the window", () => {
  const now = Date.UTC(2026, 11, 6, 15, 30, 20);

  test("the last hour is sixty one-minute points, the last one the minute in progress", () => {
    const w = metricWindow(now - 3_600_000, now);
    expect(w).toEqual({ start: Date.UTC(2026, 11, 6, 14, 31), end: Date.UTC(2026, 11, 6, 15, 31), periodSeconds: 60 });
    expect(pointCount(w)).toBe(60);
  });

  test("longer spans widen the period to keep about sixty points; short ones keep a minute", () => {
    expect(metricWindow(now - 6 * 3_600_000, now).periodSeconds).toBe(360);
    expect(metricWindow(now - 86_400_000, now).periodSeconds).toBe(1440);
    const quarter = metricWindow(now - 15 * 60_000, now);
    expect([quarter.periodSeconds, pointCount(quarter)]).toEqual([60, 15]);
  });

  test("data older than 15 days is read in whole 5-minute periods, older than 63 days in hours", () => {
    expect(metricWindow(now - 20 * 86_400_000, now).periodSeconds % 300).toBe(0);
    expect(metricWindow(now - 90 * 86_400_000, now).periodSeconds % 3600).toBe(0);
  });

  test("datapoints land in their period's slot; periods without one stay null", () => {
    const w = { start: 0, end: 300_000, periodSeconds: 60 };
    expect(slotted(w, [60_000, 240_000, 900_000], [5, 7, 9])).toEqual([null, 5, null, null, 7]);
  });

  test("--interval takes seconds or minutes, a second at least", () => {
    expect([parseInterval("30s"), parseInterval("2m"), parseInterval("0s"), parseInterval("soon")]).toEqual([
      30_000,
      120_000,
      undefined,
      undefined,
    ]);
  });
});
