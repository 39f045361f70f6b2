import { MAIN_LOAD_BALANCER, WEB_SERVICES_PER_LOAD_BALANCER } from "./load-balancers.js";
import {
  any,
  bool,
  duration,
  either,
  int,
  list,
  num,
  obj,
  oneOfStrings,
  record,
  str,
  type ObjectSchema,
  type Schema,
} from "./schema-dsl.js";

/**
 * The berth.yml schema: the single source for `berth validate`, `berth schema` and the
 * editor schema shipped in schema/berth.schema.json. Key names are berth's interface
 * (docs/manifest.md); limits are AWS's own, cited where they are not obvious.
 */

const NAME_PATTERN = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/;
const NAME_WORDS = "lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen";

// Names end up inside AWS resource names (stack `app-env`, task family `app-env-service`,
// log group, ECR repository `app/service`); these lengths keep every one within AWS limits.
export const NAME_LIMITS = { app: 24, environment: 24, resource: 32, loadBalancer: 16 } as const;

const name = (maxLength: number, description?: string) =>
  str({ pattern: NAME_PATTERN, expected: NAME_WORDS, maxLength, ...(description ? { description } : {}) });
const resourceName = name(NAME_LIMITS.resource);
const ENV_VAR_NAME = str({
  pattern: /^[A-Za-z_][A-Za-z0-9_]*$/,
  expected: "letters, digits and underscores, not starting with a digit",
});

// `${app}` and `${environment}` may stand anywhere in a name (src/manifest/secret-names.ts).
export const SECRET_REFERENCE =
  /^(?:secretsmanager:(?:[A-Za-z0-9/_+=.@:-]|\$\{(?:app|environment)\})+(?:#[A-Za-z0-9_.-]+)?|ssm:(?:[A-Za-z0-9/_.-]|\$\{(?:app|environment)\})+)$/;

const healthcheck = obj(
  {
    path: str({
      pattern: /^\/\S*$/,
      expected: "a path starting with /",
      description: "Path the load balancer requests; default /.",
    }),
    interval: duration({ minSeconds: 5, maxSeconds: 300, description: "Seconds between checks; default 5." }),
    timeout: duration({
      minSeconds: 2,
      maxSeconds: 120,
      description: "Seconds before a check fails; below interval; default 4.",
    }),
    healthyThreshold: int({ min: 2, max: 10, description: "Passing checks before a target is healthy; default 2." }),
    unhealthyThreshold: int({
      min: 2,
      max: 10,
      description: "Failing checks before a target is unhealthy; default 3.",
    }),
    grace: duration({
      minSeconds: 0,
      maxSeconds: 7200,
      description: "Seconds ECS ignores failing checks after a task starts; default 30.",
    }),
    status: str({
      pattern: /^\d{3}(?:-\d{3})?(?:,\d{3}(?:-\d{3})?)*$/,
      expected: "HTTP codes such as 200 or 200-399",
      description: "Healthy HTTP codes; default 200-399.",
    }),
  },
  { description: "Target group health check. Defaults are fast: 5 s interval, 2 healthy checks." },
);

const http = obj(
  {
    path: str({
      pattern: /^\/[A-Za-z0-9_\-./*~%]*$/,
      expected: "a URL path such as / or /api/*",
      description: "Path pattern routed to this service.",
    }),
    host: str({
      pattern: /^(\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/,
      expected: "a host name such as api.example.com",
      description: "Host header routed to this service.",
    }),
    healthcheck,
    deregistrationDelay: duration({
      minSeconds: 0,
      maxSeconds: 3600,
      description: "Seconds a leaving target keeps draining; default 15.",
    }),
    loadBalancer: name(
      NAME_LIMITS.loadBalancer,
      `The load balancer serving this service; default ${MAIN_LOAD_BALANCER}, the environment's own. One serves at most ${WEB_SERVICES_PER_LOAD_BALANCER} services.`,
    ),
  },
  { description: "Present when the service sits behind the load balancer." },
);

const count = either(
  [
    int({ min: 0, max: 1000, description: "A fixed number of tasks." }),
    obj(
      {
        min: int({ min: 0, max: 1000 }),
        max: int({ min: 1, max: 1000 }),
        cpu: int({ min: 1, max: 100, description: "Target average CPU percent." }),
        requests: int({ min: 1, max: 1_000_000, description: "Target requests per task per minute (web services)." }),
        backlogPerTask: int({ min: 1, max: 1_000_000, description: "Target queue messages per task (queue workers)." }),
      },
      { description: "Autoscaling between min and max." },
    ),
  ],
  "Task count: a number, or a scaling map.",
);

const smokeCheck = obj(
  {
    path: str({ pattern: /^\/\S*$/, expected: "a path starting with /" }),
    status: int({ min: 100, max: 599, description: "Expected status; default 200." }),
    contains: str({ description: "Text the response body must contain." }),
  },
  { required: ["path"] },
);

const deploy = obj(
  {
    strategy: oneOfStrings(
      ["bluegreen", "canary", "linear", "rolling"],
      "Release strategy; default bluegreen for web services, rolling otherwise.",
    ),
    // ECS: canaryPercent 0.1–100 and stepPercent 3–100, both in steps of 0.1 (CanaryConfiguration, LinearConfiguration).
    canary: obj({
      percent: num({ min: 0.1, max: 100, multipleOf: 0.1 }),
      bake: duration({ wholeMinutes: true, minSeconds: 0, maxSeconds: 1440 * 60 }),
    }),
    linear: obj({
      percent: num({ min: 3, max: 100, multipleOf: 0.1 }),
      interval: duration({ wholeMinutes: true, minSeconds: 0, maxSeconds: 1440 * 60 }),
    }),
    bake: duration({
      wholeMinutes: true,
      minSeconds: 0,
      maxSeconds: 1440 * 60,
      description: "Time the new version runs with all traffic before the old one is removed.",
    }),
    p99Latency: duration({
      minSeconds: 1,
      maxSeconds: 3600,
      description: "p99 response time of the new version above which the release rolls back; default 3s.",
    }),
    smoke: list(smokeCheck, { description: "Requests berth makes through the test listener before shifting traffic." }),
  },
  { description: "How a new version is released." },
);

const build = either(
  [
    str({ description: "Build context directory." }),
    obj({
      context: str(),
      dockerfile: str(),
      target: str(),
      args: record("build argument", ENV_VAR_NAME, str({ coerce: true })),
    }),
  ],
  "Build the image from this context.",
);

// A release task: the service's new task definition run once, its command overridden, before any release.
const releaseCommand = list(str({ coerce: true }), { minItems: 1 });
const release = either(
  [
    releaseCommand,
    obj(
      {
        command: releaseCommand,
        timeout: duration({ minSeconds: 10, maxSeconds: 24 * 3600, description: "Default 10m; the task is stopped." }),
      },
      { required: ["command"] },
    ),
  ],
  "Run once before the service is released (migrations): the deploy releases nothing unless it exits 0.",
);

const service = obj({
  build,
  image: str({
    pattern: /^\S+$/,
    expected: "an image reference such as nginx:1.27 or repo/name@sha256:…",
    description: "A prebuilt image, instead of build.",
  }),
  port: int({ min: 1, max: 65535, description: "Container port." }),
  cpu: int({ description: "Fargate CPU units: 256, 512, 1024, 2048, 4096, 8192, 16384." }),
  memory: int({ description: "MiB; must pair with cpu as Fargate allows." }),
  arch: oneOfStrings(["amd64", "arm64"], "CPU architecture; default amd64."),
  command: list(str({ coerce: true }), { description: "Overrides the image's command." }),
  release,
  http,
  queue: resourceName,
  count,
  deploy,
  env: record("environment variable name", ENV_VAR_NAME, str({ coerce: true })),
  secrets: record(
    "environment variable name",
    ENV_VAR_NAME,
    str({
      pattern: SECRET_REFERENCE,
      expected:
        "a reference: secretsmanager:NAME[#KEY] or ssm:/PARAMETER, where NAME may hold ${environment} and ${app} (the database needs none: `uses: [database]` gives DATABASE_USER, which signs in with IAM)",
      secret: true,
    }),
    "References only; values never enter the manifest or the template.",
  ),
  volumes: record(
    "volume name",
    resourceName,
    str({ pattern: /^\/[^\s:]*$/, expected: "an absolute path such as /mnt/media" }),
    "Volume name → mount path.",
  ),
  uses: list(resourceName, { description: "Grants access to: database, or a queue or bucket name." }),
  stopTimeout: duration({
    minSeconds: 2,
    maxSeconds: 120,
    description: "Seconds between SIGTERM and SIGKILL; default 30, 120 for queue workers.",
  }),
  // ECS HealthCheck limits: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
  healthcheck: obj(
    {
      command: either([
        str({ description: "Run by the container's shell (CMD-SHELL)." }),
        list(str(), { description: "Run as is (CMD)." }),
      ]),
      interval: duration({ minSeconds: 5, maxSeconds: 300, description: "Default 30s." }),
      timeout: duration({ minSeconds: 2, maxSeconds: 60, description: "Default 5s." }),
      retries: int({ min: 1, max: 10, description: "Default 3." }),
      startPeriod: duration({
        minSeconds: 0,
        maxSeconds: 300,
        description: "Failures ignored after start; default 0s.",
      }),
    },
    {
      required: ["command"],
      description: "A container health check that ECS runs inside the task; a failing task is replaced.",
    },
  ),
  readOnlyRootFilesystem: bool("The container's root file system is read-only, with a writable /tmp; default false."),
  egress: oneOfStrings(
    ["all", "https"],
    "What the tasks may connect to: all (default), or https: port 443 anywhere, plus the database and volumes the service uses.",
  ),
});

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

const schedule = obj(
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
const settings: Record<string, Schema> = {
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
    "Load balancer access logs to an S3 bucket of the environment, kept 90 days; default true in production (with region), else false.",
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
  services: record("service name", resourceName, service),
  database,
  queues: record("queue name", resourceName, queue),
  buckets: record("bucket name", resourceName, obj({ versioned: bool("Keep object versions; default false.") })),
  volumes: record("volume name", resourceName, obj({})),
  schedules: record("schedule name", resourceName, schedule, "Jobs run on a schedule as one-off tasks of a service."),
  exec: bool("Allow `berth exec` into running tasks (ECS Exec); turning it on replaces the tasks; default false."),
  overrides: list(override, { description: "JSON-patch operations applied to the rendered template." }),
};

export const environmentSchema: ObjectSchema = obj(settings, {
  description: "Deep-merged over the base; null removes a key.",
  removableKeys: true,
});

export const manifestSchema: ObjectSchema = obj(
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
