import { readFileSync } from "node:fs";
import { CloudWatchClient, GetMetricDataCommand, type MetricDataResult } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, test } from "vitest";
import { metricReads } from "../../../src/aws/metric-reads.js";
import { metricWindow } from "../../../src/deployers/status/metric-window.js";
import { errorRate, maxSlots, readServiceMetrics, sumSlots } from "../../../src/deployers/status/service-metrics.js";
import { output } from "../../../src/ui/output.js";
import { metricLines } from "../../../src/ui/status-metrics.js";
import { useDummyAwsCredentials } from "../../helpers/moto-server.js";
import { manifestOf } from "../../render/helpers.js";

useDummyAwsCredentials();
const cloudwatch = mockClient(CloudWatchClient);
afterEach(() => cloudwatch.reset());
const aws = { region: "us-east-1" };
// No terminal: no colour.
const plain = output({}, {}, { out: process.stdout, err: { isTTY: false } } as unknown as Parameters<typeof output>[2]);

const outputs = {
  ClusterName: "shop-default",
  LoadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop-default/50dc6c495c0c9188",
  WebTargetGroupA: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-web-a/73e2d6bc24d8a067",
  WebTargetGroupB: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-web-b/0f1e2d3c4b5a6978",
  JobsQueueName: "shop-default-jobs",
};
const shop = manifestOf(
  "app: shop\nqueues: { jobs: {} }\nservices:\n  web: { image: nginx, port: 80, http: {} }\n  worker: { image: nginx, queue: jobs }\n",
  { vars: {} },
);

/** A recorded answer (the JSON protocol's epoch seconds), as the SDK hands it over. */
function recorded(): MetricDataResult[] {
  const file = new URL("./fixtures/get-metric-data.json", import.meta.url);
  const wire = JSON.parse(readFileSync(file, "utf8")) as {
    MetricDataResults: (Omit<MetricDataResult, "Timestamps"> & { Timestamps: number[] })[];
  };
  return wire.MetricDataResults.map((r) => ({ ...r, Timestamps: r.Timestamps.map((s) => new Date(s * 1000)) }));
}

describe("the services' metrics, from GetMetricData's answer", () => {
  test("a recorded answer draws these sparklines (golden)", async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: recorded() });
    const now = Date.UTC(2025, 11, 6, 15, 4, 30);
    const metrics = await readServiceMetrics(shop, outputs, metricReads(aws), metricWindow(now - 5 * 60_000, now));
    expect(metricLines(metrics, plain).join("\n")).toBe(
      [
        "metrics since 15:00 UTC, a point per 1m (CloudWatch):",
        "  web:",
        "    requests  ▅▆█ ▅  min 120/min max 240/min last 120/min",
        "    5xx       ▁▁▂ █  min 0% max 30% last 30%",
        "    p99       ▁▂▃ █  min 120 ms max 1800 ms last 1800 ms",
        "    cpu       ▂▃▃▄▅  min 20% max 64% last 64%",
        "    memory    ▃▃▃▃▃  min 30% max 33% last 33%",
        "  worker:",
        "    cpu       ▁▁▁▁▁  min 5% max 6% last 5%",
        "    memory    ▂▂▂▂▂  min 12% max 12% last 12%",
        "    backlog   ▁▁▁▁▁  min 0 msgs max 0 msgs last 0 msgs",
      ].join("\n"),
    );
  });

  test("one GetMetricData call for the whole environment, however many services (up to 500 metrics)", async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const services = Array.from({ length: 60 }, (_, i) => `  s${i}: { image: nginx }`).join("\n");
    const many = manifestOf(`app: shop\nservices:\n${services}\n`, { vars: {} });
    const now = Date.UTC(2025, 11, 6, 15, 4, 30);
    const metrics = await readServiceMetrics(many, outputs, metricReads(aws), metricWindow(now - 3_600_000, now));
    expect(cloudwatch.commandCalls(GetMetricDataCommand)).toHaveLength(1);
    expect(cloudwatch.commandCalls(GetMetricDataCommand)[0]!.args[0].input.MetricDataQueries).toHaveLength(120);
    expect(metrics.services).toHaveLength(60);
  });

  test("past 500 metrics, one more call per 500", async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const services = Array.from({ length: 260 }, (_, i) => `  s${i}: { image: nginx }`).join("\n");
    const many = manifestOf(`app: shop\nservices:\n${services}\n`, { vars: {} });
    const now = Date.UTC(2025, 11, 6, 15, 4, 30);
    await readServiceMetrics(many, outputs, metricReads(aws), metricWindow(now - 3_600_000, now));
    const sizes = cloudwatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.MetricDataQueries?.length);
    expect(sizes).toEqual([500, 20]);
  });
});

describe("combining target groups", () => {
  test("requests add up across the two target groups; a slot neither has is a gap", () => {
    expect(
      sumSlots([
        [1, null, null],
        [2, 5, null],
      ]),
    ).toEqual([3, 5, null]);
  });

  test("the p99 is the worse target group's (percentiles do not add up)", () => {
    expect(
      maxSlots([
        [0.1, null],
        [0.3, 0.2],
      ]),
    ).toEqual([0.3, 0.2]);
  });

  test("the 5xx rate: no 5xx datapoint with requests is 0%; no requests is no rate, unless the load balancer answered 5xx itself", () => {
    expect([errorRate(200, 10), errorRate(200, null), errorRate(null, null), errorRate(0, 3)]).toEqual([
      5,
      0,
      null,
      100,
    ]);
  });
});
