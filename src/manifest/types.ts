/**
 * The manifest after validation, with every default filled in: what render and the
 * release path read. Durations are seconds. Maps keep the order the user wrote.
 */
export interface Manifest {
  app: string;
  /** The environment this manifest was merged for; "default" when none was chosen. */
  environment: string;
  /** True for pr-<n> preview environments (no deletion protection, no final snapshot). */
  preview: boolean;
  region?: string;
  /** An OCI registry host/namespace to push to instead of ECR (such as ghcr.io/acme). */
  registry?: string;
  network: Network;
  certificate?: string;
  /** Email addresses and SNS topic ARNs the environment's alarms notify. */
  alerts: string[];
  /** Load balancer access logs to a bucket of the environment. */
  accessLogs: boolean;
  /** AWS WAF with AWS's managed rule groups in front of the environment's load balancers. */
  waf: boolean;
  /**
   * One version per environment (`deploy.atomic`): a deploy whose release of one service
   * fails or is rolled back returns the services it released to what they served before.
   */
  atomic: boolean;
  /** A preview's: seconds without a deploy after which it is expired (`environments.preview.expires`). */
  expires?: number;
  /** A preview's: it answers at `pr-<n>.<previewDomain>` (`environments.preview.domain`). */
  previewDomain?: string;
  services: Record<string, Service>;
  database?: Database;
  queues: Record<string, Queue>;
  buckets: Record<string, Bucket>;
  volumes: Record<string, Volume>;
  /** ElastiCache for Valkey replication groups, reached by the services that `uses:` them. */
  caches: Record<string, Cache>;
  /** Jobs EventBridge Scheduler runs as one-off tasks of a service. */
  schedules: Record<string, Schedule>;
  /** ECS Exec into running tasks (`berth exec`). */
  exec: boolean;
  /** Container Insights on the cluster (`observability.containerInsights`; on wherever scaling needs its task count). */
  containerInsights: boolean;
  /** OpenTelemetry traces through a collector sidecar (src/render/collector.ts). */
  observability: { traces: boolean };
  overrides: Override[];
}

export interface Schedule {
  name: string;
  service: string;
  command: string[];
  /** EventBridge Scheduler's form: `cron(0 3 * * ? *)` or `rate(15 minutes)`. */
  expression: string;
  /** As written in the manifest (the five-field cron line, or the rate), for people. */
  written: string;
  timezone: string;
}

export interface Network {
  /** "new", or the id of an existing VPC. */
  vpc: string;
  azs: number;
  nat: "none" | "single" | "per-az";
  /** VPC flow logs to CloudWatch Logs (kept FLOW_LOG_DAYS). */
  flowLogs: boolean;
  publicSubnets: string[];
  privateSubnets: string[];
}

export interface BuildSpec {
  context: string;
  dockerfile?: string;
  target?: string;
  args: Record<string, string>;
}

export type Strategy = "bluegreen" | "canary" | "linear" | "rolling";

export interface Service {
  name: string;
  build?: BuildSpec;
  image?: string;
  port?: number;
  cpu: number;
  memory: number;
  arch: "amd64" | "arm64";
  command?: string[];
  /** Run once as a one-off task of the new task definition before any service is released. */
  release?: ReleaseTaskSpec;
  http?: Http;
  queue?: string;
  count: Scaling;
  deploy: Deploy;
  env: Record<string, string>;
  secrets: Record<string, SecretRef>;
  volumes: Record<string, string>;
  /** Resources the task role may reach: "database", queue names and bucket names. */
  uses: string[];
  stopTimeout: number;
  /** ECS's container health check, as the manifest gives it. */
  healthcheck?: ContainerHealthCheck;
  readOnlyRootFilesystem: boolean;
  /** all: any destination; https: port 443 anywhere, plus the database and volumes the service uses. */
  egress: "all" | "https";
}

export interface ReleaseTaskSpec {
  command: string[];
  /** Seconds before berth stops the task and releases nothing. */
  timeout: number;
}

export interface ContainerHealthCheck {
  /** ECS form: ["CMD-SHELL", "curl -f …"] or ["CMD", …]. */
  command: string[];
  interval: number;
  timeout: number;
  retries: number;
  startPeriod: number;
}

export interface Http {
  path?: string;
  host?: string;
  healthcheck: HealthCheck;
  deregistrationDelay: number;
  /** The load balancer that serves the service: MAIN_LOAD_BALANCER (the environment's own), or an additional one. */
  loadBalancer: string;
}

export interface HealthCheck {
  path: string;
  interval: number;
  timeout: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  grace: number;
  status: string;
}

export interface Scaling {
  min: number;
  max: number;
  cpu?: number;
  requests?: number;
  backlogPerTask?: number;
}

export interface Deploy {
  strategy: Strategy;
  canary?: { percent: number; bake: number };
  linear?: { percent: number; interval: number };
  bake: number;
  /** Seconds of p99 target response time above which a release rolls back (web services). */
  p99Latency: number;
  smoke: SmokeCheck[];
}

export interface SmokeCheck {
  path: string;
  status: number;
  contains?: string;
}

export type SecretRef = { kind: "secretsmanager"; name: string; jsonKey?: string } | { kind: "ssm"; name: string };

export interface Database {
  engine: "aurora-postgresql" | "aurora-mysql";
  version: string;
  name: string;
  capacity: { min: number; max: number };
  /** Serverless v2 readers besides the writer: failover targets that also serve the read endpoint. */
  readers: number;
  /**
   * failover: readers in promotion tier 1 scale with the writer, ready to take over;
   * read-scaling: tier 2, they scale on their own reads and may be small when promoted.
   */
  readerRole: "failover" | "read-scaling";
  /** CloudWatch Database Insights (Standard) and the engine's logs exported to CloudWatch Logs. */
  insights: boolean;
  /** A cluster berth did not create: nothing above is rendered, services connect with the secret's login. */
  existing?: ExistingDatabase;
}

export interface ExistingDatabase {
  cluster: string;
  endpoint: string;
  readEndpoint: string;
  port: number;
  /** Secrets Manager ARN of a JSON secret with `username` and `password`. */
  secret: string;
  /** The cluster's security group, to which berth adds one inbound rule from the client group. */
  securityGroup: string;
}

export interface Cache {
  nodeType: string;
  replicas: number;
}

export interface Queue {
  visibilityTimeout: number;
  retention: number;
  deadLetter?: { maxReceives: number };
}

export interface Bucket {
  versioned: boolean;
  /** The name of a bucket berth did not create and never deletes. */
  existing?: string;
}

/** A berth-made EFS file system, or one that predates berth (its id and its mount targets' security group). */
export interface Volume {
  existing?: { fileSystem: string; securityGroup: string };
}

export interface Override {
  op: "add" | "remove" | "replace";
  path: string;
  value?: unknown;
  /** Where the override was written, so render can point at it when its path does not exist. */
  at: { file: string; line: number; col: number };
}
