import { PREVIEW_ENV } from "./environments.js";

/**
 * The defaults that differ by environment, where availability and cost pull apart
 * (docs/manifest.md, "What each environment gets by default"). Anything the manifest sets wins.
 */

/** The environment whose defaults favour availability and evidence over cost. */
export const PRODUCTION = "production";

export interface EnvironmentDefaults {
  /**
   * A NAT gateway per zone: with one, tasks in the other zone lose ECR, Secrets Manager,
   * CloudWatch Logs and SQS when its zone fails, and no new task starts there
   * (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html: a NAT gateway
   * is zonal; "create a NAT gateway in each Availability Zone"). None in previews: their
   * shared base's VPC (src/render/preview-base.ts) costs nothing while idle, and their tasks
   * run in its public subnets with public IPs.
   */
  nat: "none" | "single" | "per-az";
  /** Aurora readers besides the writer. */
  readers: number;
  /** VPC flow logs to CloudWatch Logs. */
  flowLogs: boolean;
  /** Load balancer access logs. */
  accessLogs: boolean;
  /** CloudWatch Database Insights (Standard) and the database's logs exported to CloudWatch Logs. */
  databaseInsights: boolean;
  /** A cache's node type: Graviton burstable nodes, the smallest outside production. */
  cacheNodeType: string;
  /** Cache replicas a failover promotes (Multi-AZ needs one). */
  cacheReplicas: number;
  /**
   * ECS Container Insights on the cluster: per-task CPU, memory and network in CloudWatch, at
   * CloudWatch's custom-metric price (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContainerInsights.html).
   * Elsewhere on only when a queue worker scales on its backlog per task, a Container Insights metric.
   */
  containerInsights: boolean;
}

export function environmentDefaults(environment: string): EnvironmentDefaults {
  const production = environment === PRODUCTION;
  return {
    nat: production ? "per-az" : PREVIEW_ENV.test(environment) ? "none" : "single",
    readers: production ? 1 : 0,
    flowLogs: production,
    accessLogs: production,
    databaseInsights: production,
    cacheNodeType: production ? "cache.t4g.small" : "cache.t4g.micro",
    cacheReplicas: production ? 1 : 0,
    containerInsights: production,
  };
}
