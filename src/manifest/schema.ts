import { any, bool, duration, int, list, num, obj, oneOfStrings, record, str, type Schema } from "./schema-dsl.js";
import { name, NAME_LIMITS, resourceName } from "./schema-names.js";
import { serviceSchema } from "./service-schema.js";

/**
 * The berth.yml schema: the single source for `berth validate`, `berth schema` and the
 * editor schema shipped in schema/berth.schema.json. Key names are berth's interface
 * (docs/manifest.md); limits are AWS's own, cited where they are not obvious. A service's
 * keys are in service-schema.ts.
 */

const network = obj({
  vpc: str({
    pattern: /^(?:new|vpc-[0-9a-f]{8,17})$/,
    expected: "new, or an existing VPC id such as vpc-0abc1234",
    description: "new (default) or an existing VPC id.",
  }),
  azs: int({ min: 2, max: 3, description: "Availability zones for a new VPC; default 2." }),
  nat: oneOfStrings(
    ["none", "single", "per-az"],
    "NAT gateways for a new VPC; default per-az in production, none in previews (pr-<n>), else single.",
  ),
  flowLogs: bool("VPC flow logs to CloudWatch Logs, kept 90 days; default true in production, else false."),
  publicSubnets: list(str({ pattern: /^subnet-[0-9a-f]{8,17}$/, expected: "a subnet id such as subnet-0abc1234" })),
  privateSubnets: list(str({ pattern: /^subnet-[0-9a-f]{8,17}$/, expected: "a subnet id such as subnet-0abc1234" })),
});

const SECURITY_GROUP = str({ pattern: /^sg-[0-9a-f]{8,17}$/, expected: "a security group id such as sg-0abc1234" });

// Data that predates berth (docs/manifest.md, "Existing data"): berth renders no resource that owns it.
const existingDatabase = obj(
  {
    cluster: str({
      pattern: /^[a-zA-Z][a-zA-Z0-9-]{0,62}$/,
      expected: "an RDS cluster identifier such as orders-db",
      description: "The DB cluster identifier, which pre-flight looks up.",
    }),
    endpoint: str({
      pattern: /^[a-z0-9][a-z0-9.-]+\.rds\.amazonaws\.com(?:\.cn)?$/,
      expected: "the cluster's writer endpoint, such as orders-db.cluster-c1ab2cd3.eu-south-1.rds.amazonaws.com",
      description: "The writer endpoint services connect to (DATABASE_HOST).",
    }),
    readEndpoint: str({
      pattern: /^[a-z0-9][a-z0-9.-]+\.rds\.amazonaws\.com(?:\.cn)?$/,
      expected: "the cluster's reader endpoint",
      description: "DATABASE_READ_HOST; default the writer endpoint.",
    }),
    port: int({ min: 1150, max: 65535, description: "Default 5432 for aurora-postgresql, 3306 for aurora-mysql." }),
    secret: str({
      pattern: /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/,
      expected: "a Secrets Manager secret ARN holding username and password (JSON)",
      description: "The secret with the login's username and password: DATABASE_USER and DATABASE_PASSWORD.",
      secret: true,
    }),
    securityGroup: SECURITY_GROUP,
  },
  {
    required: ["cluster", "endpoint", "secret", "securityGroup"],
    description:
      "A cluster berth did not create and never deletes; the environment must be in its VPC (network.vpc). berth adds one inbound rule to securityGroup, from the services that use it.",
  },
);

const cache = obj(
  {
    nodeType: str({
      pattern: /^cache\.[a-z0-9]+\.[a-z0-9]+$/,
      expected: "an ElastiCache node type such as cache.t4g.small",
      description: "Default cache.t4g.micro, cache.t4g.small in production.",
    }),
    replicas: int({ min: 0, max: 5, description: "Replicas to fail over to; default 1 in production, else 0." }),
  },
  { description: "An ElastiCache for Valkey replication group (cluster mode disabled), TLS and an AUTH token." },
);

const database = obj({
  engine: oneOfStrings(["aurora-postgresql", "aurora-mysql"], "Default aurora-postgresql."),
  version: str({ pattern: /^\d+(?:\.\d+)*(?:\.[a-z_]+(?:\.\d+)*)?$/, expected: 'an engine version such as "16.4"' }),
  name: str({
    pattern: /^[A-Za-z][A-Za-z0-9_]*$/,
    maxLength: 63,
    expected: "letters, digits and underscores, starting with a letter",
    description: "Database name; default the app name.",
  }),
  capacity: obj({
    min: num({ min: 0, max: 256, multipleOf: 0.5, description: "Aurora capacity units; 0 lets the cluster pause." }),
    max: num({ min: 1, max: 256, multipleOf: 0.5 }),
  }),
  readers: int({
    min: 0,
    max: 15,
    description: "Reader instances Aurora can fail over to; default 1 in production, else 0.",
  }),
  readerRole: oneOfStrings(
    ["failover", "read-scaling"],
    "failover (default): readers scale with the writer, ready to take over; read-scaling: they scale on their own reads.",
  ),
  insights: bool(
    "CloudWatch Database Insights (Standard) and the engine's logs in CloudWatch Logs; default true in production.",
  ),
  existing: existingDatabase,
});

const queue = obj({
  visibilityTimeout: duration({ minSeconds: 0, maxSeconds: 43200, description: "Default 30s." }),
  retention: duration({
    minSeconds: 60,
    maxSeconds: 1209600,
    description: "How long messages are kept; default 4 days.",
  }),
  deadLetter: obj({ maxReceives: int({ min: 1, max: 1000 }) }, { required: ["maxReceives"] }),
});

export const scheduleSchema = obj(
  {
    service: str({
      description: "The service whose task definition runs: its image, env, secrets, uses, volumes, network.",
    }),
    command: list(str({ coerce: true }), { description: "The command the task runs instead of the service's." }),
    cron: str({
      description:
        'Five fields, minute hour day-of-month month day-of-week, such as "0 3 * * *"; or cron\'s @daily, @weekly.',
    }),
    rate: duration({
      minSeconds: 60,
      maxSeconds: 365 * 86400,
      wholeMinutes: true,
      description: "Every this long, such as 15m, 6h or 24h; instead of cron.",
    }),
    timezone: str({ description: "IANA time zone the cron is read in, such as Europe/Rome; default UTC." }),
  },
  {
    // service and command are required by src/manifest/rules/schedule-rules.ts, so that an
    // environment can remove a schedule with `~` (the shape check would ask for them).
    description: "A job run on a schedule (EventBridge Scheduler).",
  },
);

const override = obj(
  {
    op: oneOfStrings(["add", "remove", "replace"]),
    path: str({ pattern: /^\/.+/, expected: "a JSON pointer such as /Resources/WebTargetGroupA/Properties/Port" }),
    value: any(),
  },
  { required: ["op", "path"] },
);

/** `registry:`, and `--registry` of the image commands, which stands for it. */
export const REGISTRY = {
  pattern: /^(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)+|\[[0-9a-f:]+\])(?::\d{1,5})?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
  expected: "a registry host and optional namespace, such as ghcr.io/acme or registry.example.com:5000",
};

/** Everything an environment may change: the whole manifest but its name and environments. */
const settings = {
  region: str({
    pattern: /^[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d$/,
    expected: "an AWS region such as eu-south-1",
    description: "Else AWS_REGION or the profile's region.",
  }),
  registry: str({
    pattern: REGISTRY.pattern,
    expected: REGISTRY.expected,
    description: "Push images to this OCI registry instead of the app's ECR repositories.",
  }),
  network,
  certificate: str({
    pattern: /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/,
    expected: "an ACM certificate ARN",
    description: "Enables HTTPS on 443 and an 80→443 redirect.",
  }),
  alerts: list(
    str({
      pattern: /^(?:[^@\s]+@[^@\s]+\.[^@\s]+|arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+)$/,
      expected: "an email address or an SNS topic ARN",
    }),
    { description: "Who hears of the environment's alarms: email addresses, or SNS topic ARNs (chat integrations)." },
  ),
  accessLogs: bool(
    "Load balancer access logs to an S3 bucket of the environment, kept 90 days; default true in production, else false.",
  ),
  waf: bool(
    "AWS WAF in front of the load balancers, with AWS's managed rules (common exploits, known bad inputs, IP reputation); about $8 a month plus $0.60 per million requests; default false.",
  ),
  deploy: obj(
    {
      atomic: bool(
        "One version per environment: when one service's release fails or is rolled back, the services this deploy released return to the version before; default true.",
      ),
    },
    { description: "How a deploy treats the environment's services together." },
  ),
  expires: duration({
    minSeconds: 3600,
    maxSeconds: 365 * 86400,
    description:
      "Under environments.preview only: a preview not deployed for this long is expired (berth destroy --expired); default 14d.",
  }),
  domain: str({
    pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/,
    expected: "a domain such as preview.example.com",
    description:
      "Under environments.preview only: each preview answers at pr-<n>.<domain> (a wildcard DNS record to the previews' load balancer), by host rules on its shared listeners.",
  }),
  services: record("service name", resourceName, serviceSchema),
  database,
  queues: record("queue name", resourceName, queue),
  buckets: record(
    "bucket name",
    resourceName,
    obj({
      versioned: bool("Keep object versions; default false."),
      existing: str({
        pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        expected: "an S3 bucket name such as acme-uploads",
        description: "A bucket berth did not create and never deletes: services get the same variable and grants.",
      }),
    }),
  ),
  volumes: record(
    "volume name",
    resourceName,
    obj({
      existing: str({
        pattern: /^fs-[0-9a-f]{8,40}$/,
        expected: "an EFS file system id such as fs-0123abcd",
        description:
          "A file system berth did not create and never deletes; its mount targets must be in the environment's VPC.",
      }),
      securityGroup: {
        ...SECURITY_GROUP,
        description: "With existing: the mount targets' security group, to which berth adds NFS from the services.",
      },
    }),
  ),
  caches: record("cache name", resourceName, cache, "Valkey caches services reach with `uses:`."),
  schedules: record(
    "schedule name",
    resourceName,
    scheduleSchema,
    "Jobs run on a schedule as one-off tasks of a service.",
  ),
  exec: bool("Allow `berth exec` into running tasks (ECS Exec); turning it on replaces the tasks; default false."),
  observability: obj(
    {
      traces: bool(
        "OpenTelemetry traces: an AWS Distro for OpenTelemetry collector beside each service's container, receiving OTLP on localhost and sending to AWS X-Ray; default false.",
      ),
      containerInsights: bool(
        "ECS Container Insights on the cluster: the dashboard's running and desired tasks, CPU and memory against what the tasks reserve; billed as CloudWatch custom metrics (about 10 for the cluster and 21 per running service); default true in production and wherever a service scales on count.backlogPerTask or count.requests, false elsewhere.",
      ),
    },
    {
      description:
        "What berth adds for traces and task metrics beyond the logs, alarms and dashboard every environment has.",
    },
  ),
  overrides: list(override, { description: "JSON-patch operations applied to the rendered template." }),
} satisfies Record<string, Schema>;

export const environmentSchema = obj(settings, {
  description: "Deep-merged over the base; null removes a key.",
  removableKeys: true,
});

export const manifestSchema = obj(
  {
    app: name(NAME_LIMITS.app, "Application name, part of every AWS resource name."),
    ...settings,
    environments: record(
      "environment name",
      name(NAME_LIMITS.environment),
      environmentSchema,
      "Named environments; `preview` is the base for pr-<n>.",
    ),
  },
  { required: ["app", "services"], extensions: true },
);
