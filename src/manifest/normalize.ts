import { DEFAULT_ENGINE_VERSIONS } from "./aurora-versions.js";
import { environmentDefaults, type EnvironmentDefaults } from "./environment-defaults.js";
import { defaultCpu, defaultMemory } from "./fargate.js";
import { MAIN_LOAD_BALANCER } from "./load-balancers.js";
import { PREVIEW_BASE } from "./environments.js";
import type { Position } from "./problem.js";
import { rateExpression, translateCron } from "./cron.js";
import type { RawManifest, RawSchedule, RawService } from "./raw.js";
import { resolveSecretName, type SecretNameContext } from "./secret-names.js";
import type {
  BuildSpec,
  Database,
  Deploy,
  Http,
  Manifest,
  Network,
  ReleaseTaskSpec,
  Scaling,
  Schedule,
  SecretRef,
  Service,
} from "./types.js";

/**
 * The opinionated defaults, in one place. Health checks and draining are tuned so a
 * release takes seconds, not the minutes of the AWS defaults (30 s × 5 checks, 300 s
 * deregistration delay) that make Copilot deploys slow.
 */
export const DEFAULTS = {
  cpu: 256,
  healthcheck: {
    path: "/",
    interval: 5,
    timeout: 4,
    healthyThreshold: 2,
    unhealthyThreshold: 3,
    grace: 30,
    status: "200-399",
  },
  deregistrationDelay: 15,
  webCount: 2,
  otherCount: 1,
  scaleOnCpu: 60,
  scaleOnBacklog: 100,
  /** Longer than the release alarms need to fire (ALARM_REACTION_SECONDS), with a margin. */
  bake: 300,
  releaseTaskTimeout: 600,
  canary: { percent: 10, bake: 120 },
  linear: { percent: 25, interval: 60 },
  stopTimeout: 30,
  /** Queue workers get Fargate's longest stop timeout, so a job in hand can finish after SIGTERM. */
  workerStopTimeout: 120,
  network: { vpc: "new", azs: 2 },
  database: DEFAULT_ENGINE_VERSIONS,
  capacity: { min: 0.5, max: 4 },
  /** Release alarm: p99 target response time, seconds (templates/web-service.yml). */
  p99Latency: 3,
  queue: { visibilityTimeout: 30, retention: 4 * 24 * 3600 },
} as const;

export { PRODUCTION } from "./environment-defaults.js";

/** Fills defaults into a manifest that passed every check. */
export function normalize(
  raw: RawManifest,
  environment: string,
  preview: boolean,
  overridePositions: Position[],
): Manifest {
  const byEnvironment = environmentDefaults(environment);
  const services: Record<string, Service> = {};
  // Every pr-<n> reads the preview section's secrets: `${environment}` is `preview` there.
  const names = { app: raw.app ?? "", environment: preview ? PREVIEW_BASE : environment };
  for (const [name, service] of Object.entries(raw.services ?? {}))
    services[name] = normalizeService(name, service, preview, names);
  const manifest: Manifest = {
    app: raw.app ?? "",
    environment,
    preview,
    network: normalizeNetwork(raw.network ?? {}, byEnvironment),
    services,
    queues: mapValues(raw.queues ?? {}, (q) => ({
      visibilityTimeout: q.visibilityTimeout ?? DEFAULTS.queue.visibilityTimeout,
      retention: q.retention ?? DEFAULTS.queue.retention,
      ...(q.deadLetter?.maxReceives !== undefined ? { deadLetter: { maxReceives: q.deadLetter.maxReceives } } : {}),
    })),
    buckets: mapValues(raw.buckets ?? {}, (b) => ({
      versioned: b.versioned ?? false,
      ...(b.existing !== undefined ? { existing: b.existing } : {}),
    })),
    volumes: mapValues(raw.volumes ?? {}, (v) =>
      v.existing !== undefined ? { existing: { fileSystem: v.existing, securityGroup: v.securityGroup ?? "" } } : {},
    ),
    caches: mapValues(raw.caches ?? {}, (c) => ({
      nodeType: c.nodeType ?? byEnvironment.cacheNodeType,
      replicas: c.replicas ?? byEnvironment.cacheReplicas,
    })),
    schedules: normalizeSchedules(raw.schedules ?? {}),
    exec: raw.exec ?? false,
    containerInsights:
      raw.observability?.containerInsights ?? (byEnvironment.containerInsights || scalesOnTaskMetrics(services)),
    observability: { traces: raw.observability?.traces ?? false },
    alerts: present(raw.alerts),
    accessLogs: raw.accessLogs ?? byEnvironment.accessLogs,
    waf: raw.waf ?? false,
    atomic: raw.deploy?.atomic ?? true,
    overrides: (raw.overrides ?? []).flatMap((o, i) =>
      o
        ? [
            {
              op: o.op ?? "replace",
              path: o.path ?? "",
              ...("value" in o ? { value: o.value } : {}),
              at: overridePositions[i]!,
            },
          ]
        : [],
    ),
  };
  if (raw.region) manifest.region = raw.region;
  if (raw.registry) manifest.registry = raw.registry;
  if (raw.certificate) manifest.certificate = raw.certificate;
  if (raw.expires !== undefined) manifest.expires = raw.expires;
  if (raw.domain !== undefined) manifest.previewDomain = raw.domain;
  if (raw.database) manifest.database = normalizeDatabase(raw.app ?? "app", raw.database, byEnvironment);
  return manifest;
}

/**
 * Scaling on a queue's backlog per task, or on requests per task, divides by Container Insights'
 * RunningTaskCount (src/render/scaling.ts): such an environment has it on whatever its default.
 */
function scalesOnTaskMetrics(services: Record<string, Service>): boolean {
  return Object.values(services).some((s) => s.count.backlogPerTask !== undefined || s.count.requests !== undefined);
}

/**
 * A list's items: normalize runs on a manifest with no problems, whose lists have no holes (the
 * shape check leaves one where an item failed, raw.ts), so this drops none; it says so to the types.
 */
function present<T>(items: readonly (T | undefined)[] = []): T[] {
  return items.filter((item): item is T => item !== undefined);
}

/** Schedules that passed their rules (src/manifest/rules/schedule-rules.ts): a cron line that translates, or a rate. */
function normalizeSchedules(raw: Record<string, RawSchedule>): Record<string, Schedule> {
  const schedules: Record<string, Schedule> = {};
  for (const [name, s] of Object.entries(raw)) {
    const cron = s.cron === undefined ? undefined : translateCron(s.cron);
    const expression = cron?.ok ? cron.expression : rateExpression(s.rate ?? 0);
    schedules[name] = {
      name,
      service: s.service ?? "",
      command: present(s.command),
      expression,
      written: s.cron ?? expression,
      timezone: s.timezone ?? "UTC",
    };
  }
  return schedules;
}

function normalizeNetwork(n: NonNullable<RawManifest["network"]>, byEnvironment: EnvironmentDefaults): Network {
  return {
    vpc: n.vpc ?? DEFAULTS.network.vpc,
    azs: n.azs ?? DEFAULTS.network.azs,
    nat: n.nat ?? byEnvironment.nat,
    flowLogs: n.flowLogs ?? byEnvironment.flowLogs,
    publicSubnets: present(n.publicSubnets),
    privateSubnets: present(n.privateSubnets),
  };
}

function normalizeDatabase(
  app: string,
  d: NonNullable<RawManifest["database"]>,
  byEnvironment: EnvironmentDefaults,
): Database {
  const engine = d.engine ?? "aurora-postgresql";
  const existing = d.existing;
  return {
    ...(existing
      ? {
          existing: {
            cluster: existing.cluster ?? "",
            endpoint: existing.endpoint ?? "",
            readEndpoint: existing.readEndpoint ?? existing.endpoint ?? "",
            port: existing.port ?? (engine === "aurora-mysql" ? 3306 : 5432),
            secret: existing.secret ?? "",
            securityGroup: existing.securityGroup ?? "",
          },
        }
      : {}),
    engine,
    version: d.version ?? DEFAULTS.database[engine],
    name: d.name ?? app.replace(/-/g, "_"),
    capacity: {
      min: d.capacity?.min ?? DEFAULTS.capacity.min,
      max: d.capacity?.max ?? Math.max(DEFAULTS.capacity.max, d.capacity?.min ?? 0),
    },
    readers: d.readers ?? byEnvironment.readers,
    readerRole: d.readerRole ?? "failover",
    insights: d.insights ?? byEnvironment.databaseInsights,
  };
}

function normalizeService(name: string, s: RawService, preview: boolean, names: SecretNameContext): Service {
  const cpu = s.cpu ?? (s.memory !== undefined ? defaultCpu(s.memory) : DEFAULTS.cpu);
  const http = s.http ? normalizeHttp(s.http) : undefined;
  const service: Service = {
    name,
    cpu,
    memory: s.memory ?? defaultMemory(cpu),
    arch: s.arch ?? "amd64",
    count: preview ? previewCount(normalizeCount(s)) : normalizeCount(s),
    deploy: normalizeDeploy(s),
    env: s.env ?? {},
    secrets: mapValues(s.secrets ?? {}, (reference) => parseSecretRef(resolveSecretName(reference, names))),
    volumes: s.volumes ?? {},
    uses: unique([...present(s.uses), ...(s.queue ? [s.queue] : [])]),
    stopTimeout: s.stopTimeout ?? (s.queue !== undefined ? DEFAULTS.workerStopTimeout : DEFAULTS.stopTimeout),
    readOnlyRootFilesystem: s.readOnlyRootFilesystem ?? false,
    egress: s.egress ?? "all",
  };
  if (s.healthcheck?.command !== undefined) {
    const { command, interval, timeout, retries, startPeriod } = s.healthcheck;
    // ECS's own defaults (API_HealthCheck): 30 s interval, 5 s timeout, 3 retries, no start period.
    service.healthcheck = {
      command: typeof command === "string" ? ["CMD-SHELL", command] : ["CMD", ...present(command)],
      interval: interval ?? 30,
      timeout: timeout ?? 5,
      retries: retries ?? 3,
      startPeriod: startPeriod ?? 0,
    };
  }
  if (s.build !== undefined) service.build = normalizeBuild(s.build);
  if (s.image !== undefined) service.image = s.image;
  if (s.port !== undefined) service.port = s.port;
  if (s.command !== undefined) service.command = present(s.command);
  const release = normalizeRelease(s.release);
  if (release) service.release = release;
  if (http) service.http = http;
  if (s.queue !== undefined) service.queue = s.queue;
  return service;
}

function normalizeRelease(r: RawService["release"]): ReleaseTaskSpec | undefined {
  const command = Array.isArray(r) ? present(r) : r?.command && present(r.command);
  if (!command || command.length === 0) return undefined;
  const timeout = Array.isArray(r) ? undefined : r?.timeout;
  return { command, timeout: timeout ?? DEFAULTS.releaseTaskTimeout };
}

function normalizeBuild(build: NonNullable<RawService["build"]>): BuildSpec {
  if (typeof build === "string") return { context: build, args: {} };
  const spec: BuildSpec = { context: build.context ?? ".", args: build.args ?? {} };
  if (build.dockerfile !== undefined) spec.dockerfile = build.dockerfile;
  if (build.target !== undefined) spec.target = build.target;
  return spec;
}

function normalizeHttp(h: NonNullable<RawService["http"]>): Http {
  const http: Http = {
    healthcheck: { ...DEFAULTS.healthcheck, ...h.healthcheck },
    deregistrationDelay: h.deregistrationDelay ?? DEFAULTS.deregistrationDelay,
    loadBalancer: h.loadBalancer ?? MAIN_LOAD_BALANCER,
  };
  if (h.host !== undefined) http.host = h.host;
  if (h.path !== undefined || h.host === undefined) http.path = h.path ?? "/";
  return http;
}

function normalizeCount(s: RawService): Scaling {
  const fixed = s.http ? DEFAULTS.webCount : DEFAULTS.otherCount;
  if (s.count === undefined) return { min: fixed, max: fixed };
  if (typeof s.count === "number") return { min: s.count, max: s.count };
  const min = s.count.min ?? Math.min(fixed, s.count.max ?? fixed);
  const scaling: Scaling = { min, max: s.count.max ?? min };
  const { cpu, requests, backlogPerTask } = s.count;
  if (cpu !== undefined) scaling.cpu = cpu;
  if (requests !== undefined) scaling.requests = requests;
  if (backlogPerTask !== undefined) scaling.backlogPerTask = backlogPerTask;
  // A range with no target scales on what the service is for: its queue, else its CPU.
  if (scaling.min !== scaling.max && cpu === undefined && requests === undefined && backlogPerTask === undefined) {
    if (s.queue) scaling.backlogPerTask = DEFAULTS.scaleOnBacklog;
    else scaling.cpu = DEFAULTS.scaleOnCpu;
  }
  return scaling;
}

/** A preview runs the smallest footprint: at most one task of each service (none stays none). */
function previewCount(count: Scaling): Scaling {
  return { ...count, min: Math.min(count.min, 1), max: 1 };
}

function normalizeDeploy(s: RawService): Deploy {
  const d = s.deploy ?? {};
  const strategy = d.strategy ?? (s.http ? "bluegreen" : "rolling");
  const deploy: Deploy = {
    strategy,
    bake: d.bake ?? DEFAULTS.bake,
    p99Latency: d.p99Latency ?? DEFAULTS.p99Latency,
    smoke: present(d.smoke).map((c) => ({
      path: c.path ?? "/",
      status: c.status ?? 200,
      ...(c.contains !== undefined ? { contains: c.contains } : {}),
    })),
  };
  if (strategy === "canary")
    deploy.canary = {
      percent: d.canary?.percent ?? DEFAULTS.canary.percent,
      bake: d.canary?.bake ?? DEFAULTS.canary.bake,
    };
  if (strategy === "linear")
    deploy.linear = {
      percent: d.linear?.percent ?? DEFAULTS.linear.percent,
      interval: d.linear?.interval ?? DEFAULTS.linear.interval,
    };
  return deploy;
}

export function parseSecretRef(reference: string): SecretRef {
  const [scheme, ...rest] = reference.split(":");
  const body = rest.join(":");
  if (scheme === "ssm") return { kind: "ssm", name: body };
  const hash = body.lastIndexOf("#");
  return hash < 0
    ? { kind: "secretsmanager", name: body }
    : { kind: "secretsmanager", name: body.slice(0, hash), jsonKey: body.slice(hash + 1) };
}

function mapValues<A, B>(record: Record<string, A>, f: (value: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
