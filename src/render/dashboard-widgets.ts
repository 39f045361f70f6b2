import type { Manifest, Service } from "../manifest/types.js";
import { loadBalancerIds, logicalId } from "../manifest/names.js";

// The dashboard's widgets, row by row (render/dashboard.ts places them). Metric and dimension
// names: ALB https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html,
// Container Insights https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html,
// ECS https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html,
// SQS https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html,
// Aurora https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.AuroraMonitoring.Metrics.html,
// Scheduler https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html.

/** A metric widget before it is placed: its title and what it graphs. */
export interface Widget {
  title: string;
  /** CloudWatch's metric arrays: namespace, name, dimension pairs, then rendering options. */
  metrics: unknown[][];
  /** Horizontal lines (a service's task minimum and maximum). */
  horizontal?: { label: string; value: number }[];
  stat?: string;
  /** A text widget's words instead of graphs. */
  markdown?: string;
}

export function serviceWidgets(m: Manifest, s: Service): Widget[] {
  const widgets: Widget[] = [];
  if (s.http) widgets.push(...webWidgets(s));
  widgets.push(...(m.containerInsights ? taskWidgets(s) : freeTaskWidgets(s)));
  if (s.queue) widgets.push(queueWidget(m, s.name, s.queue));
  return widgets;
}

/** Both target groups: during a blue/green or canary release each line is one version. */
function webWidgets(s: Service): Widget[] {
  const Id = logicalId(s.name);
  const lb = `\${${loadBalancerIds(s.http!.loadBalancer).loadBalancer}FullName}`;
  const target = (metric: string, side: "A" | "B", options: Record<string, unknown> = {}) => [
    "AWS/ApplicationELB",
    metric,
    "TargetGroup",
    `\${${Id}TargetGroup${side}FullName}`,
    "LoadBalancer",
    lb,
    { label: `${metric} ${side}`, ...options },
  ];
  const both = (metric: string, options: Record<string, unknown> = {}) => [
    target(metric, "A", options),
    target(metric, "B", options),
  ];
  // 5xx and 4xx the load balancer answers itself have no target-group dimension: the whole load balancer's.
  const balancer = (metric: string) => [
    "AWS/ApplicationELB",
    metric,
    "LoadBalancer",
    lb,
    { label: `${metric} (load balancer)` },
  ];
  return [
    { title: `${s.name}: requests`, stat: "Sum", metrics: both("RequestCount") },
    {
      title: `${s.name}: 5xx and 4xx`,
      stat: "Sum",
      metrics: [
        ...both("HTTPCode_Target_5XX_Count"),
        ...both("HTTPCode_Target_4XX_Count"),
        balancer("HTTPCode_ELB_5XX_Count"),
        balancer("HTTPCode_ELB_4XX_Count"),
      ],
    },
    {
      title: `${s.name}: response time (s)`,
      metrics: (["A", "B"] as const).flatMap((side) =>
        ["p50", "p99"].map((stat) => target("TargetResponseTime", side, { stat, label: `${stat} ${side}` })),
      ),
    },
    {
      title: `${s.name}: hosts`,
      stat: "Maximum",
      metrics: [...both("HealthyHostCount"), ...both("UnHealthyHostCount")],
    },
  ];
}

/**
 * Container Insights' per-service metrics: what the tasks use against what they reserve, and
 * running against desired tasks within the manifest's minimum and maximum. A deployment in
 * flight shows as DeploymentCount above 1 — the dashboard's deployment marker: a body holds
 * only fixed annotations, so a release's time could be drawn only by rewriting the body.
 */
function taskWidgets(s: Service): Widget[] {
  const dims = ["ClusterName", "${Cluster}", "ServiceName", s.name];
  const insights = (metric: string, options: Record<string, unknown> = {}) => [
    "ECS/ContainerInsights",
    metric,
    ...dims,
    { label: metric, ...options },
  ];
  return [
    {
      title: `${s.name}: CPU (units) and memory (MiB) against reserved`,
      stat: "Average",
      metrics: [
        insights("CpuUtilized"),
        insights("CpuReserved"),
        insights("MemoryUtilized", { yAxis: "right" }),
        insights("MemoryReserved", { yAxis: "right" }),
      ],
    },
    {
      title: `${s.name}: tasks`,
      stat: "Maximum",
      metrics: [insights("RunningTaskCount"), insights("DesiredTaskCount"), insights("DeploymentCount")],
      horizontal: [
        { label: "min", value: s.count.min },
        { label: "max", value: s.count.max },
      ],
    },
  ];
}

/**
 * Without Container Insights (`observability.containerInsights: false`, the default outside
 * production), ECS's free per-service utilization stands in for the CPU and memory graph
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html); no free
 * metric counts tasks, and the dashboard says so rather than draw an empty graph.
 */
function freeTaskWidgets(s: Service): Widget[] {
  const ecs = (metric: string) => [
    "AWS/ECS",
    metric,
    "ClusterName",
    "${Cluster}",
    "ServiceName",
    s.name,
    { label: `${metric} (% of reserved)` },
  ];
  return [
    {
      title: `${s.name}: CPU and memory (% of reserved)`,
      stat: "Average",
      metrics: [ecs("CPUUtilization"), ecs("MemoryUtilization")],
    },
    {
      title: `${s.name}: tasks`,
      metrics: [],
      markdown: `**${s.name}: tasks** — running and desired tasks come from ECS Container Insights, off in this environment: \`observability.containerInsights: true\` turns it on (billed as CloudWatch custom metrics).`,
    },
  ];
}

function queueWidget(m: Manifest, service: string, queue: string): Widget {
  const Id = logicalId(queue);
  const sqs = (metric: string, resource: string, label: string, options: Record<string, unknown> = {}) => [
    "AWS/SQS",
    metric,
    "QueueName",
    `\${${resource}.QueueName}`,
    { label, ...options },
  ];
  return {
    title: `${service}: queue ${queue}`,

    stat: "Maximum",
    metrics: [
      sqs("ApproximateNumberOfMessagesVisible", `${Id}Queue`, "backlog"),
      sqs("ApproximateAgeOfOldestMessage", `${Id}Queue`, "oldest message (s)", { yAxis: "right" }),
      ...(m.queues[queue]?.deadLetter
        ? [sqs("ApproximateNumberOfMessagesVisible", `${Id}DeadLetterQueue`, "dead letters")]
        : []),
    ],
  };
}

/** The cluster berth made (its logical id), or an existing one by its identifier (docs/manifest.md, "Existing data"). */
export function databaseWidgets(cluster: string): Widget[] {
  const rds = (metric: string, options: Record<string, unknown> = {}) => [
    "AWS/RDS",
    metric,
    "DBClusterIdentifier",
    cluster,
    { label: metric, ...options },
  ];
  return [
    {
      title: "database: capacity (ACUs)",
      stat: "Average",
      metrics: [rds("ServerlessDatabaseCapacity"), rds("ACUUtilization", { yAxis: "right" })],
    },
    {
      title: "database: connections and CPU",
      stat: "Average",
      metrics: [rds("DatabaseConnections"), rds("CPUUtilization", { yAxis: "right" })],
    },
  ];
}

export function scheduleWidget(): Widget {
  const scheduler = (metric: string) => [
    "AWS/Scheduler",
    metric,
    "ScheduleGroup",
    "${ScheduleGroup}",
    { label: metric },
  ];
  return {
    title: "schedules: invocations and failures",
    stat: "Sum",
    metrics: [scheduler("InvocationAttemptCount"), scheduler("TargetErrorCount")],
  };
}
