import { logicalId, servingLoadBalancer } from "../../manifest/names.js";
import type { Manifest, Service } from "../../manifest/types.js";
import { withDerivedOutputs } from "../../render/resolve-placeholders.js";
import type { MetricQuery } from "./metrics-port.js";

/** What one query measures for a service; a web service's are per target group (`side` A or B). */
export type Measure = "requests" | "target5xx" | "elb5xx" | "p99" | "cpu" | "memory" | "backlog";

export interface QueryRole {
  service: string;
  measure: Measure;
  side?: string;
}

/** The queries to send, and what each one is for (by its id). */
export interface MetricPlan {
  queries: MetricQuery[];
  roles: Record<string, QueryRole>;
}

type Draft = Omit<MetricQuery, "id"> & { role: QueryRole };

// Namespaces, metrics and dimensions as AWS documents them:
// ALB https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
// ECS https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
// SQS https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
const dim = (name: string, value: string) => ({ name, value });

/** A target group's requests, 5xx answers and p99 response time (seconds) on its load balancer. */
export function targetGroupDrafts(service: string, side: string, targetGroup: string, loadBalancer: string): Draft[] {
  const metric = (name: string, stat: string, measure: Measure): Draft => ({
    namespace: "AWS/ApplicationELB",
    metric: name,
    dimensions: [dim("TargetGroup", targetGroup), dim("LoadBalancer", loadBalancer)],
    stat,
    role: { service, measure, side },
  });
  return [
    metric("RequestCount", "Sum", "requests"),
    metric("HTTPCode_Target_5XX_Count", "Sum", "target5xx"),
    metric("TargetResponseTime", "p99", "p99"),
  ];
}

/** Numbers the drafts as CloudWatch wants ids (`m0`, `m1`, …), keeping what each is for. */
export function planOf(drafts: Draft[]): MetricPlan {
  const queries: MetricQuery[] = [];
  const roles: Record<string, QueryRole> = {};
  drafts.forEach(({ role, ...query }, i) => {
    const id = `m${i}`;
    queries.push({ id, ...query });
    roles[id] = role;
  });
  return { queries, roles };
}

/**
 * What `berth status` reads for each service, named from the environment's outputs (the
 * names the stacks rendered): per web service both target groups' requests, 5xx and p99
 * (either may serve, and both do during a release), and the load balancer's own 5xx when the
 * service is alone on it (ALB reports those per load balancer, so only then are they its);
 * per service CPU and memory; per queue worker its queue's backlog.
 */
export function serviceMetricPlan(m: Manifest, stackOutputs: Record<string, string>): MetricPlan {
  const outputs = withDerivedOutputs(stackOutputs);
  const web = Object.values(m.services).filter((s) => s.http);
  const drafts: Draft[] = [];
  for (const s of Object.values(m.services)) {
    if (s.http) drafts.push(...webDrafts(s, outputs, web));
    const cluster = outputs.ClusterName;
    if (cluster) {
      const ecs = (name: string, measure: Measure): Draft => ({
        namespace: "AWS/ECS",
        metric: name,
        dimensions: [dim("ClusterName", cluster), dim("ServiceName", s.name)],
        stat: "Average",
        role: { service: s.name, measure },
      });
      drafts.push(ecs("CPUUtilization", "cpu"), ecs("MemoryUtilization", "memory"));
    }
    const queue = s.queue ? outputs[`${logicalId(s.queue)}QueueName`] : undefined;
    if (queue)
      drafts.push({
        namespace: "AWS/SQS",
        metric: "ApproximateNumberOfMessagesVisible",
        dimensions: [dim("QueueName", queue)],
        stat: "Maximum",
        role: { service: s.name, measure: "backlog" },
      });
  }
  return planOf(drafts);
}

function webDrafts(s: Service, outputs: Record<string, string>, web: Service[]): Draft[] {
  const lb = servingLoadBalancer(s);
  const loadBalancer = outputs[`${lb.loadBalancer}FullName`];
  if (!loadBalancer) return [];
  const id = logicalId(s.name);
  const drafts = ["A", "B"].flatMap((side) => {
    const targetGroup = outputs[`${id}TargetGroup${side}FullName`];
    return targetGroup ? targetGroupDrafts(s.name, side, targetGroup, loadBalancer) : [];
  });
  const alone = web.filter((w) => servingLoadBalancer(w).loadBalancer === lb.loadBalancer).length === 1;
  if (alone)
    drafts.push({
      namespace: "AWS/ApplicationELB",
      metric: "HTTPCode_ELB_5XX_Count",
      dimensions: [dim("LoadBalancer", loadBalancer)],
      stat: "Sum",
      role: { service: s.name, measure: "elb5xx" },
    });
  return drafts;
}

// GetMetricData takes at most 500 queries and returns at most 100,800 datapoints a call.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
export const QUERIES_PER_CALL = 500;
export const DATAPOINTS_PER_CALL = 100_800;

/** The queries in as few calls as the limits allow: one for up to 500 metrics of up to 201 points. */
export function inBatches(queries: MetricQuery[], points: number): MetricQuery[][] {
  const size = Math.max(1, Math.min(QUERIES_PER_CALL, Math.floor(DATAPOINTS_PER_CALL / Math.max(1, points))));
  const batches: MetricQuery[][] = [];
  for (let i = 0; i < queries.length; i += size) batches.push(queries.slice(i, i + size));
  return batches;
}
