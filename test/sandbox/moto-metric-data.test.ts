import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { describe, expect, test } from "vitest";
import { metricReads } from "../../src/aws/metric-reads.js";
import { useMotoServer } from "../helpers/moto-server.js";

// moto_server as the sandbox starts it, with berth's patches (src/sandbox/moto_sitecustomize.py).
const moto = useMotoServer();
const MINUTE = 60_000;
const start = Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE;
const dimensions = [
  { Name: "LoadBalancer", Value: "app/shop/1" },
  { Name: "TargetGroup", Value: "targetgroup/shop-web-a/2" },
];
const query = (metric: string, stat: string) => ({
  id: metric === "RequestCount" ? "requests" : "latency",
  namespace: "AWS/ApplicationELB",
  metric,
  // The other order than PutMetricData's: CloudWatch matches a metric's dimensions as a set.
  dimensions: [
    { name: "TargetGroup", value: "targetgroup/shop-web-a/2" },
    { name: "LoadBalancer", value: "app/shop/1" },
  ],
  stat,
});

describe("the sandbox's moto answers GetMetricData as CloudWatch does", () => {
  test("dimensions match in any order, and p99 comes from the datapoints' values", async () => {
    const client = new CloudWatchClient(moto.settings());
    const latencies = Array.from({ length: 100 }, (_, i) => (i + 1) / 1000);
    await client.send(
      new PutMetricDataCommand({
        Namespace: "AWS/ApplicationELB",
        MetricData: [
          { MetricName: "RequestCount", Dimensions: dimensions, Timestamp: new Date(start + MINUTE), Value: 100 },
          {
            MetricName: "TargetResponseTime",
            Dimensions: dimensions,
            Timestamp: new Date(start + MINUTE),
            Values: latencies,
          },
          {
            MetricName: "TargetResponseTime",
            Dimensions: dimensions,
            Timestamp: new Date(start + 3 * MINUTE),
            StatisticValues: { SampleCount: 10, Sum: 2, Minimum: 0.01, Maximum: 1.5 },
          },
        ],
      }),
    );
    const answers = await metricReads(moto.settings()).metricData(
      [query("RequestCount", "Sum"), query("TargetResponseTime", "p99")],
      { start, end: start + 5 * MINUTE, periodSeconds: 60 },
    );
    const by = Object.fromEntries(answers.map((a) => [a.id, a]));
    expect(by.requests).toEqual({ id: "requests", timestamps: [start + MINUTE], values: [100] });
    // The 99th of 100 values; a statistic set has no values, and its maximum stands in.
    expect(by.latency).toEqual({
      id: "latency",
      timestamps: [start + MINUTE, start + 3 * MINUTE],
      values: [0.099, 1.5],
    });
  });
});
