import { durationSeconds } from "./compose-values.js";
import {
  mapCommand,
  mapCount,
  mapImage,
  mapSize,
  mapStorage,
  mapVariables,
  type FieldContext,
} from "./copilot-fields.js";
import { berthName } from "./names.js";

/** Fields each mapper reads; any other is reported, so nothing is dropped unsaid. */
const READ = new Set([
  "name",
  "type",
  "image",
  "cpu",
  "memory",
  "platform",
  "count",
  "command",
  "entrypoint",
  "variables",
  "secrets",
  "env_file",
  "storage",
  "http",
  "subscribe",
  "environments",
  "on",
  "exec",
]);

const LEFT: Record<string, [why: string, todo: string]> = {
  sidecars: ["berth runs one container per task", "fold the sidecar into the image, or run it as a service of its own"],
  logging: [
    "berth sends logs to CloudWatch Logs itself (no FireLens)",
    "drop it, or route logs with overrides: on the task definition",
  ],
  network: [
    "berth places every task in the environment's private subnets with its own security group",
    "drop it; service-to-service calls go through the load balancer",
  ],
  observability: ["berth has no tracing settings", "add the ADOT collector to the image if you need traces"],
  taskdef_overrides: [
    "berth's overrides: patch CloudFormation with JSON pointers, not Copilot's paths",
    "rewrite each as an overrides: operation (berth render shows the paths)",
  ],
  deployment: [
    "berth releases web services blue/green and others rolling, with rollback",
    "see deploy: in docs/manifest.md",
  ],
  publish: [
    "berth has no SNS topics",
    "send messages straight to the worker's queue: give the publisher uses: [QUEUE] and send to QUEUE_<NAME>_URL",
  ],
  nlb: ["berth has no Network Load Balancer", "serve it over HTTP behind the load balancer, or keep it outside berth"],
  exec: [
    "berth turns ECS Exec on for an environment's services (exec: true), not per service",
    "set exec: true in berth.yml, or under the environment that needs berth exec",
  ],
};

export interface MappedWorkload {
  name: string;
  berth: Record<string, unknown>;
  volumes: string[];
  /** The worker's queue: its berth name and settings. */
  queue?: { name: string; settings: Record<string, unknown> };
}

/** A workload's fields (a whole manifest, or one environment's override of it) as berth service keys. */
export function mapWorkloadFields(m: Record<string, unknown>, type: string, ctx: FieldContext): MappedWorkload {
  const berth: Record<string, unknown> = {};
  mapImage(m.image, berth, ctx);
  mapCommand(m, berth, ctx);
  mapSize(m, berth, ctx);
  const platform = typeof m.platform === "string" ? m.platform : JSON.stringify(m.platform ?? "");
  if (/arm64/.test(platform)) berth.arch = "arm64";
  if (type === "Load Balanced Web Service" && m.http !== undefined) mapHttp(m.http, berth, ctx);
  else if (m.http !== undefined && m.http !== false)
    ctx.report.left.push({
      item: `${ctx.where}: http`,
      why: "an internal load balancer, which berth has none of",
      todo: "give the service http: on the environment's load balancer with its own path or host",
    });
  mapCount(m.count, berth, ctx);
  mapVariables(m, berth, ctx);
  const volumes = mapStorage(m.storage, berth, ctx);
  const queue = type === "Worker Service" ? mapSubscribe(m, berth, ctx) : undefined;
  for (const key of Object.keys(m).filter((k) => !READ.has(k) || k === "exec")) {
    if (key === "exec" && m.exec !== true) continue;
    const [why, todo] = LEFT[key] ?? ["berth.yml has no equivalent", "check whether the service needs it"];
    ctx.report.left.push({ item: `${ctx.where}: ${key}`, why, todo });
  }
  return { name: berthName(String(m.name ?? "")), berth, volumes, ...(queue ? { queue } : {}) };
}

/** `http:` of a Load Balanced Web Service: path, healthcheck, alias (the first becomes host), deregistration delay. */
function mapHttp(value: unknown, berth: Record<string, unknown>, ctx: FieldContext): void {
  if (value === false) {
    ctx.report.left.push({
      item: `${ctx.where}: http: false`,
      why: "served by a Network Load Balancer alone",
      todo: "berth has no NLB: serve it over HTTP, or keep it outside berth",
    });
    return;
  }
  const h = (value ?? {}) as Record<string, unknown>;
  const http: Record<string, unknown> = {};
  if (typeof h.path === "string") http.path = h.path === "/" || h.path.startsWith("/") ? h.path : `/${h.path}`;
  const aliases = (Array.isArray(h.alias) ? h.alias : h.alias === undefined ? [] : [h.alias]).map((a) =>
    typeof a === "string" ? a : String((a as Record<string, unknown>).name),
  );
  if (aliases[0]) http.host = aliases[0];
  for (const extra of aliases.slice(1))
    ctx.report.left.push({
      item: `${ctx.where}: http.alias ${extra}`,
      why: "a berth service answers one host",
      todo: "point that name at the first with a CNAME, or redirect it",
    });
  const healthcheck = mapTargetHealthcheck(h.healthcheck, ctx);
  if (healthcheck) http.healthcheck = healthcheck;
  const delay = durationSeconds(h.deregistration_delay);
  if (delay !== undefined) http.deregistrationDelay = Math.min(3600, Math.round(delay));
  for (const key of Object.keys(h).filter(
    (k) => !["path", "alias", "healthcheck", "deregistration_delay", "hosted_zone"].includes(k),
  ))
    ctx.report.left.push({
      item: `${ctx.where}: http.${key}`,
      why: "berth's http: takes path, host, healthcheck and deregistrationDelay",
      todo: key === "additional_rules" ? "split each rule into a service of its own" : "drop it, or use overrides:",
    });
  if (h.hosted_zone !== undefined || aliases.length > 0)
    ctx.report.assumed.push(
      `${ctx.where}: berth does not write DNS records: point ${aliases.join(", ") || "the alias"} at berth's load balancer at cutover (steps below)`,
    );
  berth.http = http;
}

const BOUNDS: Record<string, [string, number, number]> = {
  healthy_threshold: ["healthyThreshold", 2, 10],
  unhealthy_threshold: ["unhealthyThreshold", 2, 10],
  interval: ["interval", 5, 300],
  timeout: ["timeout", 2, 120],
  grace_period: ["grace", 0, 7200],
};

function mapTargetHealthcheck(value: unknown, ctx: FieldContext): Record<string, unknown> | undefined {
  if (typeof value === "string") return { path: value.startsWith("/") ? value : `/${value}` };
  if (value === null || typeof value !== "object") return undefined;
  const h = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (typeof h.path === "string") out.path = h.path.startsWith("/") ? h.path : `/${h.path}`;
  if (typeof h.success_codes === "string") out.status = h.success_codes;
  for (const [key, [berthKey, min, max]] of Object.entries(BOUNDS)) {
    const n = key.endsWith("threshold") ? (h[key] as number | undefined) : durationSeconds(h[key]);
    if (typeof n === "number") out[berthKey] = Math.min(max, Math.max(min, Math.round(n)));
  }
  // berth's timeout must stay below the interval, whose default (5 s) is shorter than Copilot's (30 s).
  if (out.timeout !== undefined && out.interval === undefined) {
    out.interval = 30;
    ctx.report.assumed.push(`${ctx.where}: http.healthcheck.interval 30, Copilot's default, as its timeout is set`);
  }
  if (h.port !== undefined)
    ctx.report.left.push({
      item: `${ctx.where}: http.healthcheck.port`,
      why: "berth checks the service's own port",
      todo: "serve the check on that port",
    });
  return out;
}

/** A Worker Service's own queue (`subscribe.queue`) → a berth queue; its SNS topics are reported. */
function mapSubscribe(
  m: Record<string, unknown>,
  berth: Record<string, unknown>,
  ctx: FieldContext,
): MappedWorkload["queue"] {
  const subscribe = (m.subscribe ?? {}) as Record<string, unknown>;
  const q = (subscribe.queue ?? {}) as Record<string, unknown>;
  const name = berthName(String(m.name ?? "worker"));
  const settings: Record<string, unknown> = {};
  const timeout = durationSeconds(q.timeout);
  if (timeout !== undefined) settings.visibilityTimeout = `${Math.round(timeout)}s`;
  const retention = durationSeconds(q.retention);
  if (retention !== undefined) settings.retention = `${Math.max(60, Math.round(retention))}s`;
  const tries = (q.dead_letter as Record<string, unknown> | undefined)?.tries;
  if (typeof tries === "number") settings.deadLetter = { maxReceives: tries };
  for (const key of Object.keys(q).filter((k) => !["timeout", "retention", "dead_letter"].includes(k)))
    ctx.report.left.push({
      item: `${ctx.where}: subscribe.queue.${key}`,
      why: "berth's queues take visibilityTimeout, retention and deadLetter",
      todo: key === "fifo" ? "berth's queues are standard: make the worker idempotent" : "drop it",
    });
  berth.queue = name;
  for (const topic of (subscribe.topics ?? []) as Record<string, unknown>[])
    ctx.report.left.push({
      item: `${ctx.where}: subscribe.topics ${String(topic.name)} (from ${String(topic.service)})`,
      why: `berth has no SNS fan-out${topic.queue ? "; this topic also had a queue of its own" : ""}`,
      todo: `${String(topic.service)} now may send to the worker's queue (uses: [${name}], URL in QUEUE_${name.toUpperCase().replace(/-/g, "_")}_URL): send there instead of publishing, one message per subscriber`,
    });
  ctx.report.left.push({
    item: `${ctx.where}: COPILOT_QUEUE_URI`,
    why: `Copilot told the worker its queue's URL in COPILOT_QUEUE_URI; berth's variable is QUEUE_${name.toUpperCase().replace(/-/g, "_")}_URL`,
    todo: "read the new variable in the worker",
  });
  return { name, settings };
}
