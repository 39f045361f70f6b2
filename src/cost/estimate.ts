import {
  readEnvironment,
  type CostInput,
  type EnvironmentResources,
  type ServiceTasks,
} from "./environment-resources.js";
import { cacheNodePriceKey, type PriceKey, type PriceTable } from "./price-table.js";
import { USAGE_UNITS, type Usage } from "./usage.js";

/** AWS's pricing pages bill a month as 730 hours (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

/**
 * One priced item. `floor` lines cost what they cost with no traffic (at the minimum task
 * count and capacity); `usage` lines are priced at the usage assumptions. `monthly` is
 * undefined when the Region's table lacks a price the line needs (`missing`).
 */
export interface CostLine {
  /** Stable across renders, so two estimates can be compared line by line (src/cost/change.ts). */
  id: string;
  item: string;
  kind: "floor" | "usage";
  monthly: number | undefined;
  /** At the maximum task count or capacity, when the line scales. */
  atMax?: number;
  missing?: PriceKey[];
}

export interface Estimate {
  region: string;
  priceDate: string;
  priceSource: string;
  lines: CostLine[];
  /** Sum of the floor lines that have prices. */
  floor: number;
  /** The same at every scaling line's maximum. */
  floorAtMax: number;
  /** Sum of the usage lines that have prices. */
  usage: number;
  /** Prices this Region's table lacks that some line needs: the totals leave those lines out. */
  missing: PriceKey[];
  assumptions: string[];
}

type Quantities = [PriceKey, number][];

export function estimateCost(input: CostInput, prices: PriceTable, usage: Usage): Estimate {
  const env = readEnvironment(input);
  const lines = [...floorLines(env, prices), ...usageLines(env, prices, usage)];
  const missing = [...new Set(lines.flatMap((l) => l.missing ?? []))].sort();
  const sum = (kind: CostLine["kind"], value: (l: CostLine) => number | undefined) =>
    lines.filter((l) => l.kind === kind).reduce((n, l) => n + (value(l) ?? 0), 0);
  return {
    region: prices.region,
    priceDate: prices.date,
    priceSource: prices.source,
    lines,
    floor: sum("floor", (l) => l.monthly),
    floorAtMax: sum("floor", (l) => l.atMax ?? l.monthly),
    usage: sum("usage", (l) => l.monthly),
    missing,
    assumptions: assumptions(env, usage),
  };
}

/**
 * Container Insights' metrics for ECS, each billed as a custom metric for the hours it is
 * published (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html,
 * https://aws.amazon.com/cloudwatch/pricing/): by ClusterName CPU and memory used and reserved,
 * network in and out, storage read and write, the service and task counts (10; ContainerInstanceCount
 * is EC2's); by ServiceName those eight and the deployment, desired, pending, running and task-set
 * counts (13); by TaskDefinitionFamily the eight again. A service publishes only while a task of it
 * runs: one at zero tasks counts none.
 */
const CONTAINER_INSIGHTS_METRICS = { cluster: 10, service: 13 + 8 } as const;

function floorLines(env: EnvironmentResources, prices: PriceTable): CostLine[] {
  const lines: CostLine[] = [];
  const line = (id: string, item: string, quantities: Quantities, atMax?: Quantities) =>
    lines.push(priced(prices, { id, item, kind: "floor" }, quantities, atMax));
  for (const s of env.services) {
    const perTask: Quantities = s.arm
      ? [
          ["fargate.armVcpuHour", s.vcpu],
          ["fargate.armGbHour", s.gb],
        ]
      : [
          ["fargate.vcpuHour", s.vcpu],
          ["fargate.gbHour", s.gb],
        ];
    const scales = s.max > s.min ? times(perTask, s.max * HOURS_PER_MONTH) : undefined;
    line(`service:${s.name}`, serviceItem(s), times(perTask, s.min * HOURS_PER_MONTH), scales);
    if (s.publicIp) {
      const address: Quantities = [["ipv4.hour", HOURS_PER_MONTH]];
      line(
        `service-addresses:${s.name}`,
        `${s.name}: a public IPv4 address per task`,
        times(address, s.min),
        s.max > s.min ? times(address, s.max) : undefined,
      );
    }
  }
  for (const lb of env.loadBalancers) {
    line(`load-balancer:${lb.id}`, `load balancer ${lb.id} (Application Load Balancer)`, [
      ["alb.hour", HOURS_PER_MONTH],
    ]);
    if (lb.publicAddresses > 0)
      line(
        `load-balancer-addresses:${lb.id}`,
        `its ${plural(lb.publicAddresses, "public IPv4 address")} (one per AZ)`,
        [["ipv4.hour", lb.publicAddresses * HOURS_PER_MONTH]],
      );
  }
  for (const nat of env.natGateways) {
    const hours: Quantities = [["nat.hour", HOURS_PER_MONTH]];
    if (nat.address) hours.push(["ipv4.hour", HOURS_PER_MONTH]);
    line(`nat:${nat.id}`, `NAT gateway ${nat.id}${nat.address ? " and its public IPv4 address" : ""}`, hours);
  }
  for (const address of env.otherAddresses)
    line(`address:${address}`, `Elastic IP ${address}`, [["ipv4.hour", HOURS_PER_MONTH]]);
  for (const db of env.databases) {
    const acu: PriceKey = db.ioOptimized ? "aurora.ioOptimizedAcuHour" : "aurora.acuHour";
    const at = (capacity: number): Quantities => [[acu, capacity * db.instances * HOURS_PER_MONTH]];
    const item =
      `database ${db.id}: ${plural(db.instances, "instance")} × ${db.minAcu} ACU, up to ${db.maxAcu} ACU` +
      ` (Aurora Serverless v2${db.ioOptimized ? ", I/O-Optimized" : ""})`;
    line(`database:${db.id}`, item, at(db.minAcu), db.maxAcu > db.minAcu ? at(db.maxAcu) : undefined);
  }
  for (const cache of env.caches)
    line(
      `cache:${cache.id}`,
      `cache ${cache.id}: ${plural(cache.nodes, "node")} × ${cache.nodeType} (ElastiCache for Valkey)`,
      [[cacheNodePriceKey(cache.nodeType), cache.nodes * HOURS_PER_MONTH]],
    );
  const counted = (id: string, n: number, what: string, key: PriceKey) => {
    if (n > 0) line(id, plural(n, what), [[key, n]]);
  };
  counted("secrets", env.secrets, "Secrets Manager secret", "secrets.secretMonth");
  counted("alarms", env.alarmMetrics, "CloudWatch alarm metric", "cloudwatch.alarmMonth");
  counted("dashboards", env.dashboards, "CloudWatch dashboard", "cloudwatch.dashboardMonth");
  if (env.containerInsightsClusters > 0) {
    const metrics = (running: (s: ServiceTasks) => boolean) =>
      env.containerInsightsClusters * CONTAINER_INSIGHTS_METRICS.cluster +
      env.services.filter(running).length * CONTAINER_INSIGHTS_METRICS.service;
    const floor = metrics((s) => s.min > 0);
    const atMax = metrics((s) => s.max > 0);
    line(
      "container-insights",
      `Container Insights: ${plural(floor, "custom metric")} (the cluster's, and each running service's)`,
      [["cloudwatch.metricMonth", floor]],
      atMax > floor ? [["cloudwatch.metricMonth", atMax]] : undefined,
    );
  }
  counted("kms-keys", env.kmsKeys, "KMS key", "kms.keyMonth");
  if (env.endpointAzs > 0)
    line("endpoints", `interface endpoints in ${plural(env.endpointAzs, "AZ")}`, [
      ["endpoint.hour", env.endpointAzs * HOURS_PER_MONTH],
    ]);
  return lines;
}

function usageLines(env: EnvironmentResources, prices: PriceTable, usage: Usage): CostLine[] {
  const lines: CostLine[] = [];
  const line = (id: string, item: string, quantities: Quantities) =>
    lines.push(priced(prices, { id, item, kind: "usage" }, quantities));
  if (env.loadBalancers.length > 0)
    line("usage:lcu", `${usage.loadBalancer.lcu} LCU per hour per load balancer`, [
      ["alb.lcuHour", usage.loadBalancer.lcu * env.loadBalancers.length * HOURS_PER_MONTH],
    ]);
  if (env.natGateways.length > 0) line("usage:nat", `${usage.nat.gb} GB through NAT`, [["nat.gb", usage.nat.gb]]);
  for (const db of env.databases) {
    const storage: Quantities = db.ioOptimized
      ? [["aurora.ioOptimizedStorageGbMonth", usage.database.storageGb]]
      : [
          ["aurora.storageGbMonth", usage.database.storageGb],
          ["aurora.ioMillion", usage.database.ioMillions],
        ];
    const io = db.ioOptimized ? "" : ` and ${usage.database.ioMillions} million I/O`;
    line(`usage:database:${db.id}`, `database ${db.id}: ${usage.database.storageGb} GB stored${io}`, storage);
  }
  if (env.fileSystems > 0)
    line("usage:volumes", `${usage.volumes.storageGb} GB on file systems (EFS Standard)`, [
      ["efs.standardGbMonth", usage.volumes.storageGb],
    ]);
  if (env.buckets > 0)
    line(
      "usage:buckets",
      `${usage.buckets.storageGb} GB in buckets, ${usage.buckets.putThousands}k PUT and ${usage.buckets.getThousands}k GET`,
      [
        ["s3.standardGbMonth", usage.buckets.storageGb],
        ["s3.putThousand", usage.buckets.putThousands],
        ["s3.getThousand", usage.buckets.getThousands],
      ],
    );
  if (env.queues > 0)
    line("usage:queues", `${usage.queues.requestMillions} million queue requests`, [
      ["sqs.requestMillion", usage.queues.requestMillions],
    ]);
  if (env.logGroups > 0)
    line("usage:logs", `${usage.logs.ingestGb} GB of logs written, ${usage.logs.storageGb} GB kept`, [
      ["logs.ingestGb", usage.logs.ingestGb],
      ["logs.storageGbMonth", usage.logs.storageGb],
    ]);
  if (env.tracedServices > 0)
    line("usage:traces", `${usage.traces.millions} million traces recorded (X-Ray)`, [
      ["xray.traceMillion", usage.traces.millions],
    ]);
  if (env.endpointAzs > 0)
    line("usage:endpoints", `${usage.endpoints.gb} GB through interface endpoints`, [
      ["endpoint.gb", usage.endpoints.gb],
    ]);
  if (env.repositories > 0)
    line(
      "usage:images",
      `${usage.images.storageGb} GB of images (the app's repositories, shared by its environments)`,
      [["ecr.storageGbMonth", usage.images.storageGb]],
    );
  return lines;
}

function priced(
  prices: PriceTable,
  line: Omit<CostLine, "monthly">,
  quantities: Quantities,
  atMax?: Quantities,
): CostLine {
  const missing = [...quantities, ...(atMax ?? [])]
    .map(([key]) => key)
    .filter((key) => prices.prices[key] === undefined);
  if (missing.length > 0) return { ...line, monthly: undefined, missing: [...new Set(missing)] };
  const cost = (q: Quantities) => q.reduce((n, [key, quantity]) => n + prices.prices[key]! * quantity, 0);
  return atMax ? { ...line, monthly: cost(quantities), atMax: cost(atMax) } : { ...line, monthly: cost(quantities) };
}

function times(quantities: Quantities, factor: number): Quantities {
  return quantities.map(([key, q]) => [key, q * factor]);
}

function serviceItem(s: ServiceTasks): string {
  const count = s.max > s.min ? `${s.min}–${s.max} tasks` : plural(s.min, "task");
  const kind = s.spot ? "Fargate Spot, priced at on-demand: an upper bound" : `Fargate${s.arm ? " ARM" : ""}`;
  return `${s.name}: ${count} × ${s.vcpu} vCPU, ${s.gb} GB (${kind})`;
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : what.endsWith("s") ? "es" : "s"}`;
}

function assumptions(env: EnvironmentResources, usage: Usage): string[] {
  const stated = [
    `${HOURS_PER_MONTH} hours a month; on-demand list prices in USD, before tax, free tiers and discounts`,
    "the floor runs every service at its minimum task count and each database at its minimum capacity, with no traffic",
  ];
  if (env.services.some((s) => s.spot))
    stated.push("Fargate Spot prices change with demand; Spot tasks are priced at on-demand, the most they cost");
  if (env.databases.some((d) => d.minAcu === 0))
    stated.push("a database at 0 ACU pauses when idle and bills no capacity then; it bills its minimum while awake");
  const applies: Record<keyof Usage, boolean> = {
    loadBalancer: env.loadBalancers.length > 0,
    nat: env.natGateways.length > 0,
    database: env.databases.length > 0,
    volumes: env.fileSystems > 0,
    buckets: env.buckets > 0,
    queues: env.queues > 0,
    logs: env.logGroups > 0,
    endpoints: env.endpointAzs > 0,
    images: env.repositories > 0,
    traces: env.tracedServices > 0,
  };
  for (const group of (Object.keys(usage) as (keyof Usage)[]).filter((g) => applies[g]))
    for (const [key, value] of Object.entries(usage[group]))
      stated.push(`${group}.${key} = ${value}: ${(USAGE_UNITS[group] as Record<string, string>)[key]}`);
  stated.push(
    "not counted: data transfer out of AWS, EFS throughput, backups beyond the free allowance, the app's DynamoDB table and the database login function (pay per request)",
  );
  return stated;
}
