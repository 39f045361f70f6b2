import { DEFAULTS } from "./defaults.js";
import { defaultCpu, defaultMemory } from "./fargate.js";
import { mapValues, present, unique } from "./lists.js";
import { MAIN_LOAD_BALANCER } from "./load-balancers.js";
import type { RawService } from "./raw.js";
import { resolveSecretName, type SecretNameContext } from "./secret-names.js";
import type { BuildSpec, Deploy, Http, ReleaseTaskSpec, Scaling, SecretRef, Service } from "./types.js";

/** A service with every default filled in; a preview's runs at most one task. */
export function normalizeService(name: string, s: RawService, preview: boolean, names: SecretNameContext): Service {
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
