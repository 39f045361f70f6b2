import { callMoto } from "./moto-call.js";
import type { ProxyReply } from "./proxy-reply.js";
import type { SimulatedMinute } from "./simulator/published-metrics.js";

const FORM = "application/x-www-form-urlencoded; charset=utf-8";
const JSON_1_0 = "application/x-amz-json-1.0";
// PutMetricData takes at most 1,000 metrics a call
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html).
const PER_CALL = 500;

interface Datum {
  name: string;
  dimensions: [string, string][];
  at: number;
  value?: number;
  statistics?: { count: number; sum: number; min: number; max: number };
  unit: string;
}

/**
 * Puts the simulator's minutes into moto's CloudWatch as AWS's services would publish them
 * (AWS/ApplicationELB per target group and load balancer, AWS/ECS per cluster and service), and
 * each queue's visible messages (AWS/SQS) as moto's SQS has them, all at simulated time.
 * Simulated time may run ahead of the wall clock (--speed, tests): `answerMetricData` reads
 * GetMetricData's window that far ahead, so `berth status`'s "last hour" is the simulation's.
 */
export function metricMirror(motoEndpoint: string, region: string) {
  const loadBalancers = new Map<string, string | undefined>();
  const query = (service: string, params: Record<string, string>) =>
    callMoto(motoEndpoint, {
      region,
      service,
      headers: { "content-type": FORM },
      body: new URLSearchParams(params).toString(),
    });
  const sqs = async (operation: string, body: unknown) =>
    callMoto(motoEndpoint, {
      region,
      service: "sqs",
      headers: { "content-type": JSON_1_0, "x-amz-target": `AmazonSQS.${operation}` },
      body: JSON.stringify(body),
    });

  /** `app/name/id`, CloudWatch's name for the load balancer a target group belongs to. */
  async function loadBalancerOf(targetGroupArn: string): Promise<string | undefined> {
    if (loadBalancers.has(targetGroupArn)) return loadBalancers.get(targetGroupArn);
    const answer = await query("elasticloadbalancing", {
      Action: "DescribeTargetGroups",
      Version: "2015-12-01",
      "TargetGroupArns.member.1": targetGroupArn,
    });
    const arn = /<LoadBalancerArns>\s*<member>([^<]+)<\/member>/.exec(answer.text)?.[1];
    const name = arn?.split(":loadbalancer/").pop();
    // A target group not yet attached to a listener has no load balancer: ask again next minute.
    if (name) loadBalancers.set(targetGroupArn, name);
    return name;
  }

  async function queueBacklogs(at: number): Promise<Datum[]> {
    const listed = await sqs("ListQueues", {});
    if (listed.status !== 200) return [];
    const urls = (JSON.parse(listed.text) as { QueueUrls?: string[] }).QueueUrls ?? [];
    const data = await Promise.all(
      urls.map(async (url): Promise<Datum | undefined> => {
        const answer = await sqs("GetQueueAttributes", {
          QueueUrl: url,
          AttributeNames: ["ApproximateNumberOfMessages"],
        });
        if (answer.status !== 200) return undefined;
        const visible = (JSON.parse(answer.text) as { Attributes?: Record<string, string> }).Attributes
          ?.ApproximateNumberOfMessages;
        const name = url.split("/").pop() ?? url;
        return {
          name: "ApproximateNumberOfMessagesVisible",
          dimensions: [["QueueName", name]],
          at,
          value: Number(visible ?? 0),
          unit: "Count",
        };
      }),
    );
    return data.filter((d): d is Datum => d !== undefined);
  }

  async function put(namespace: string, data: Datum[]): Promise<void> {
    for (let i = 0; i < data.length; i += PER_CALL) {
      const params: Record<string, string> = { Action: "PutMetricData", Version: "2010-08-01", Namespace: namespace };
      data.slice(i, i + PER_CALL).forEach((d, n) => {
        const key = `MetricData.member.${n + 1}`;
        params[`${key}.MetricName`] = d.name;
        params[`${key}.Timestamp`] = new Date(d.at).toISOString();
        params[`${key}.Unit`] = d.unit;
        d.dimensions.forEach(([name, value], k) => {
          params[`${key}.Dimensions.member.${k + 1}.Name`] = name;
          params[`${key}.Dimensions.member.${k + 1}.Value`] = value;
        });
        if (d.value !== undefined) params[`${key}.Value`] = String(d.value);
        if (d.statistics) {
          params[`${key}.StatisticValues.SampleCount`] = String(d.statistics.count);
          params[`${key}.StatisticValues.Sum`] = String(d.statistics.sum);
          params[`${key}.StatisticValues.Minimum`] = String(d.statistics.min);
          params[`${key}.StatisticValues.Maximum`] = String(d.statistics.max);
        }
      });
      await query("monitoring", params);
    }
  }

  return {
    async putMinutes(minutes: SimulatedMinute[]): Promise<void> {
      if (minutes.length === 0) return;
      const newest = Math.max(...minutes.map((m) => m.at));
      const alb: Datum[] = [];
      const ecs: Datum[] = [];
      for (const m of minutes) {
        const at = m.at;
        if (m.kind === "service") {
          const dimensions: [string, string][] = [
            ["ClusterName", m.clusterName],
            ["ServiceName", m.serviceName],
          ];
          ecs.push({ name: "CPUUtilization", dimensions, at, value: m.cpu, unit: "Percent" });
          ecs.push({ name: "MemoryUtilization", dimensions, at, value: m.memory, unit: "Percent" });
          continue;
        }
        const loadBalancer = await loadBalancerOf(m.targetGroupArn);
        if (!loadBalancer) continue;
        const dimensions: [string, string][] = [
          ["TargetGroup", m.targetGroupArn.split(":").pop() ?? m.targetGroupArn],
          ["LoadBalancer", loadBalancer],
        ];
        alb.push({ name: "RequestCount", dimensions, at, value: m.requests, unit: "Count" });
        // ALB reports a 5xx count only when it is not zero.
        if (m.errors > 0)
          alb.push({ name: "HTTPCode_Target_5XX_Count", dimensions, at, value: m.errors, unit: "Count" });
        alb.push({ name: "TargetResponseTime", dimensions, at, statistics: m.latency, unit: "Seconds" });
      }
      await put("AWS/ApplicationELB", alb);
      await put("AWS/ECS", ecs);
      await put("AWS/SQS", await queueBacklogs(newest));
    },

    /**
     * GetMetricData (CloudWatch's JSON protocol) with its window moved `aheadMs` later, onto the
     * simulator's clock, and the datapoints' timestamps moved back: the client sees the simulation's
     * latest minutes as its own. Whole minutes, so periods stay on their boundaries.
     */
    async answerMetricData(body: GetMetricDataBody, aheadMs: number): Promise<ProxyReply> {
      const ahead = Math.max(0, Math.floor(aheadMs / 60_000) * 60);
      const moved = { ...body, StartTime: seconds(body.StartTime) + ahead, EndTime: seconds(body.EndTime) + ahead };
      const answer = await callMoto(motoEndpoint, {
        region,
        service: "monitoring",
        headers: { "content-type": JSON_1_0, "x-amz-target": "GraniteServiceVersion20100801.GetMetricData" },
        body: JSON.stringify(moved),
      });
      if (answer.status !== 200)
        return { status: answer.status, headers: { "content-type": JSON_1_0 }, body: answer.text };
      const parsed = JSON.parse(answer.text) as { MetricDataResults?: { Timestamps?: (number | string)[] }[] };
      for (const result of parsed.MetricDataResults ?? [])
        result.Timestamps = (result.Timestamps ?? []).map((t) => seconds(t) - ahead);
      return { status: 200, headers: { "content-type": JSON_1_0 }, body: JSON.stringify(parsed) };
    },
  };
}

/** The JSON protocol's timestamps: epoch seconds (a number), or an ISO string some clients send. */
function seconds(value: number | string): number {
  return typeof value === "number" ? value : Date.parse(value) / 1000;
}

export interface GetMetricDataBody {
  StartTime: number | string;
  EndTime: number | string;
  [key: string]: unknown;
}

export type MetricMirror = ReturnType<typeof metricMirror>;
