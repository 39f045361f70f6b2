import { DEFAULTS } from "./defaults.js";
import { environmentDefaults, type EnvironmentDefaults } from "./environment-defaults.js";
import { PREVIEW_BASE } from "./environments.js";
import { mapValues, present } from "./lists.js";
import { normalizeService } from "./normalize-service.js";
import type { Position } from "./problem.js";
import { rateExpression, translateCron } from "./cron.js";
import type { RawManifest, RawSchedule } from "./raw.js";
import type { Database, Manifest, Network, Schedule, Service } from "./types.js";

export { DEFAULTS } from "./defaults.js";
export { parseSecretRef } from "./normalize-service.js";

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
