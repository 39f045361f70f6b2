import type { RegisterTaskDefinitionRequest } from "@aws-sdk/client-ecs";
import type { ServiceDefinition } from "../render/service-definition.js";
import type { Template } from "../render/template.js";
import { COLLECTOR_IMAGE } from "../render/collector.js";

const COLLECTOR_REPOSITORY = COLLECTOR_IMAGE.split(":")[0]!;

/**
 * A rendered environment as the estimate reads it: the templates of its stacks and, per
 * service, the task and service definitions the release sends to ECS. The same shape serves
 * what is deployed (the live stacks' templates) and what a deploy would make, so a change's
 * cost is the difference of two of them (src/cost/change.ts).
 */
export interface CostInput {
  /** The environment stack's template, each service stack's and the dashboard's. */
  templates: Template[];
  /** The app stack's template (image repositories, shared by every environment), when known. */
  appTemplate?: Template;
  taskDefinitions: Record<string, RegisterTaskDefinitionRequest>;
  serviceDefinitions: Record<string, ServiceDefinition>;
}

export interface ServiceTasks {
  name: string;
  vcpu: number;
  gb: number;
  arm: boolean;
  spot: boolean;
  publicIp: boolean;
  min: number;
  max: number;
}

export interface AuroraCluster {
  id: string;
  instances: number;
  minAcu: number;
  maxAcu: number;
  ioOptimized: boolean;
}

/** What the estimate prices, counted from the rendered environment. */
export interface EnvironmentResources {
  services: ServiceTasks[];
  /** Application load balancers: logical id and, when internet-facing, its public addresses (one per AZ). */
  loadBalancers: { id: string; publicAddresses: number }[];
  /** NAT gateways with the Elastic IP each uses, when the template names it. */
  natGateways: { id: string; address?: string }[];
  /** Elastic IPs no NAT gateway uses. */
  otherAddresses: string[];
  databases: AuroraCluster[];
  /** ElastiCache replication groups: node type and node count (the primary and its replicas). */
  caches: { id: string; nodeType: string; nodes: number }[];
  /** Secrets Manager secrets: the template's own and those RDS manages for a master password. */
  secrets: number;
  /**
   * Standard-resolution alarm metrics, CloudWatch's billing unit: one per alarm on a single metric,
   * one per metric a metric-math alarm reads; the templates' alarms and those Application Auto
   * Scaling creates.
   */
  alarmMetrics: number;
  dashboards: number;
  /** ECS clusters with Container Insights on; the estimate counts the metrics they make (src/cost/estimate.ts). */
  containerInsightsClusters: number;
  /** Services whose tasks run the OpenTelemetry collector, sending traces to X-Ray. */
  tracedServices: number;
  kmsKeys: number;
  /** Interface endpoints, counted per AZ (each is billed per AZ it is in). */
  endpointAzs: number;
  fileSystems: number;
  buckets: number;
  queues: number;
  logGroups: number;
  repositories: number;
}

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}

/**
 * Target tracking creates two alarms per policy, which CloudWatch bills like any other
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html).
 */
const ALARMS_PER_TARGET_TRACKING_POLICY = 2;

export function readEnvironment(input: CostInput): EnvironmentResources {
  // A stack a plan left in REVIEW_IN_PROGRESS has a template of no resources yet.
  const resources = input.templates.flatMap((t) => Object.entries(t.Resources ?? {}) as [string, Resource][]);
  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);
  const natGateways = ofType("AWS::EC2::NatGateway").map(([id, r]) => {
    const address = getAttTarget(r.Properties?.AllocationId);
    return address ? { id, address } : { id };
  });
  const natAddresses = new Set(natGateways.map((n) => n.address));
  const endpoints = ofType("AWS::EC2::VPCEndpoint").filter(([, r]) => r.Properties?.VpcEndpointType === "Interface");
  return {
    services: Object.keys(input.serviceDefinitions)
      .sort()
      .map((name) => serviceTasks(name, input)),
    loadBalancers: ofType("AWS::ElasticLoadBalancingV2::LoadBalancer")
      .filter(([, r]) => (r.Properties?.Type ?? "application") === "application")
      .map(([id, r]) => ({
        id,
        publicAddresses: r.Properties?.Scheme === "internal" ? 0 : listLength(r.Properties?.Subnets),
      })),
    natGateways,
    otherAddresses: ofType("AWS::EC2::EIP")
      .map(([id]) => id)
      .filter((id) => !natAddresses.has(id)),
    databases: auroraClusters(resources),
    caches: ofType("AWS::ElastiCache::ReplicationGroup").map(([id, r]) => ({
      id,
      nodeType: String(r.Properties?.CacheNodeType ?? ""),
      nodes: Number(r.Properties?.NumCacheClusters ?? 1),
    })),
    secrets:
      ofType("AWS::SecretsManager::Secret").length +
      ofType("AWS::RDS::DBCluster").filter(([, r]) => r.Properties?.ManageMasterUserPassword === true).length,
    alarmMetrics:
      ofType("AWS::CloudWatch::Alarm").reduce((n, [, r]) => n + metricsRead(r.Properties?.Metrics), 0) +
      scalingAlarmMetrics(input),
    dashboards: ofType("AWS::CloudWatch::Dashboard").length,
    containerInsightsClusters: ofType("AWS::ECS::Cluster").filter(([, r]) => containerInsightsOn(r)).length,
    tracedServices: Object.values(input.taskDefinitions).filter((t) =>
      (t.containerDefinitions ?? []).some((c) => c.image?.startsWith(COLLECTOR_REPOSITORY)),
    ).length,
    kmsKeys: ofType("AWS::KMS::Key").length,
    endpointAzs: endpoints.reduce((n, [, r]) => n + listLength(r.Properties?.SubnetIds), 0),
    fileSystems: ofType("AWS::EFS::FileSystem").length,
    buckets: ofType("AWS::S3::Bucket").length,
    queues: ofType("AWS::SQS::Queue").length,
    logGroups: ofType("AWS::Logs::LogGroup").length,
    repositories: Object.values(input.appTemplate?.Resources ?? {}).filter(
      (r) => (r as Resource).Type === "AWS::ECR::Repository",
    ).length,
  };
}

function containerInsightsOn(r: Resource): boolean {
  const settings = r.Properties?.ClusterSettings;
  return (
    Array.isArray(settings) &&
    settings.some((s: { Name?: string; Value?: string }) => s.Name === "containerInsights" && s.Value !== "disabled")
  );
}

function serviceTasks(name: string, input: CostInput): ServiceTasks {
  const task = input.taskDefinitions[name];
  const service = input.serviceDefinitions[name]!;
  const min = service.scaling?.target.MinCapacity ?? service.desiredCount ?? 0;
  return {
    name,
    // Fargate sizes: 1024 CPU units are one vCPU; memory is in MiB, billed per GB of 1024 MiB.
    vcpu: Number(task?.cpu ?? 0) / 1024,
    gb: Number(task?.memory ?? 0) / 1024,
    arm: task?.runtimePlatform?.cpuArchitecture === "ARM64",
    spot: service.capacityProviderStrategy?.some((s) => s.capacityProvider === "FARGATE_SPOT") ?? false,
    publicIp: service.networkConfiguration?.awsvpcConfiguration?.assignPublicIp === "ENABLED",
    min,
    max: service.scaling?.target.MaxCapacity ?? min,
  };
}

function auroraClusters(resources: [string, Resource][]): AuroraCluster[] {
  return resources
    .filter(([, r]) => r.Type === "AWS::RDS::DBCluster" && r.Properties?.ServerlessV2ScalingConfiguration)
    .map(([id, r]) => {
      const scaling = r.Properties!.ServerlessV2ScalingConfiguration as { MinCapacity: number; MaxCapacity: number };
      const instances = resources.filter(
        ([, i]) =>
          i.Type === "AWS::RDS::DBInstance" &&
          i.Properties?.DBInstanceClass === "db.serverless" &&
          refTarget(i.Properties?.DBClusterIdentifier) === id,
      ).length;
      return {
        id,
        instances,
        minAcu: scaling.MinCapacity,
        maxAcu: scaling.MaxCapacity,
        ioOptimized: r.Properties!.StorageType === "aurora-iopt1",
      };
    });
}

function scalingAlarmMetrics(input: CostInput): number {
  return Object.values(input.serviceDefinitions).reduce((n, s) => {
    const tracking = (s.scaling?.policies ?? []).filter((p) => p.PolicyType === "TargetTrackingScaling");
    const perPolicy = tracking.reduce(
      (sum, p) => sum + metricsRead(p.TargetTrackingScalingPolicyConfiguration?.CustomizedMetricSpecification?.Metrics),
      0,
    );
    const wake = s.scaling?.fromZero ? metricsRead(s.scaling.fromZero.alarm.Metrics) : 0;
    return n + perPolicy * ALARMS_PER_TARGET_TRACKING_POLICY + wake;
  }, 0);
}

/**
 * Alarm metrics an alarm is billed for: one on a single metric, else each metric a math
 * expression reads (https://aws.amazon.com/cloudwatch/pricing/, "Alarms").
 */
function metricsRead(metrics: unknown): number {
  if (!Array.isArray(metrics)) return 1;
  return metrics.filter((m) => (m as { Expression?: unknown }).Expression === undefined).length;
}

function listLength(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function refTarget(value: unknown): string | undefined {
  const ref = (value as { Ref?: unknown } | undefined)?.Ref;
  return typeof ref === "string" ? ref : undefined;
}

function getAttTarget(value: unknown): string | undefined {
  const getAtt = (value as { "Fn::GetAtt"?: unknown } | undefined)?.["Fn::GetAtt"];
  return Array.isArray(getAtt) && typeof getAtt[0] === "string" ? getAtt[0] : undefined;
}

/** A rendered environment (src/render/render.ts) as the estimate reads it. */
/** The previews' shared base (src/render/preview-base.ts): its stack alone, no service, no repository. */
export function baseCostInput(base: Template): CostInput {
  return { templates: [base], taskDefinitions: {}, serviceDefinitions: {} };
}

export function renderedCostInput(r: {
  template: Template;
  services: Record<string, Template>;
  appTemplate: Template;
  /** The dashboard's stack, when there is one (deployed, or to be). */
  dashboard?: Template;
  taskDefinitions: CostInput["taskDefinitions"];
  serviceDefinitions: CostInput["serviceDefinitions"];
}): CostInput {
  return {
    templates: [r.template, ...Object.values(r.services), ...(r.dashboard ? [r.dashboard] : [])],
    appTemplate: r.appTemplate,
    taskDefinitions: r.taskDefinitions,
    serviceDefinitions: r.serviceDefinitions,
  };
}
