import type { MetricsPort } from "../deployers/status/metrics-port.js";
import { withAwsFailures } from "./aws-failure.js";
import { lazyCloudWatch } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/**
 * CloudWatch GetMetricData for `berth status` and the release view: one call per batch of
 * queries (the caller sizes batches within AWS's limits, so a further page is AWS's choice).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 */
export function metricReads(settings: AwsSettings): MetricsPort {
  const cloudwatch = lazyCloudWatch(clientConfig(settings));
  return withAwsFailures("CloudWatch", {
    async metricData(queries, window) {
      if (queries.length === 0) return [];
      const { sdk, client } = await cloudwatch();
      const answers = new Map<string, { timestamps: number[]; values: number[] }>();
      let token: string | undefined;
      do {
        const page = await client.send(
          new sdk.GetMetricDataCommand({
            StartTime: new Date(window.start),
            EndTime: new Date(window.end),
            ScanBy: "TimestampAscending",
            ...(token ? { NextToken: token } : {}),
            MetricDataQueries: queries.map((q) => ({
              Id: q.id,
              MetricStat: {
                Metric: {
                  Namespace: q.namespace,
                  MetricName: q.metric,
                  Dimensions: q.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
                },
                Period: window.periodSeconds,
                Stat: q.stat,
              },
            })),
          }),
        );
        for (const r of page.MetricDataResults ?? []) {
          const answer = answers.get(r.Id ?? "") ?? { timestamps: [], values: [] };
          answer.timestamps.push(...(r.Timestamps ?? []).map((t) => t.getTime()));
          answer.values.push(...(r.Values ?? []));
          answers.set(r.Id ?? "", answer);
        }
        token = page.NextToken;
      } while (token);
      return [...answers].map(([id, a]) => ({ id, ...a }));
    },
  });
}
