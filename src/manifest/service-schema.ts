import { WEB_SERVICES_PER_LOAD_BALANCER } from "./load-balancer-quota.js";
import { MAIN_LOAD_BALANCER } from "./names.js";
import { bool, duration, either, int, list, num, obj, oneOfStrings, record, str } from "./schema-dsl.js";
import { ENV_VAR_NAME, name, NAME_LIMITS, resourceName, SECRET_REFERENCE } from "./schema-names.js";

/** A service of berth.yml (`services.<name>`), part of the schema in schema.ts. */

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

export const serviceSchema = obj({
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
  uses: list(resourceName, { description: "Grants access to: database, or a queue, bucket or cache name." }),
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
    "What the tasks may connect to: all (default), or https: port 443 anywhere, plus the database, volumes and caches the service uses.",
  ),
});
