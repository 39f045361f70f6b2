import { posix } from "node:path";
import type { ComposeService } from "./compose-read.js";
import { containerHealthcheck } from "./container-healthcheck.js";
import { durationSeconds, memoryMiB, portMapping, shellWords, type PortMapping } from "./compose-values.js";
import { mapEnvironment, type EnvContext, type MappedEnv } from "./compose-env.js";
import { buildArgsWithoutCredentials } from "./credentials.js";
import { nearestFargateSize } from "./fargate-size.js";
import { berthName } from "./names.js";

/** One Compose application service, mapped but not yet placed: which one serves HTTP is decided across services. */
export interface MappedService {
  name: string;
  /** The name in the Compose file, for commands run against it. */
  composeName: string;
  berth: Record<string, unknown>;
  /** Container ports published on the host, in order: candidates for the load balancer. */
  published: PortMapping[];
  /** The path its container health check requests on its own port, if any: the load balancer's too. */
  healthPath?: string;
  celery?: "worker" | "beat";
  volumeMounts: { volume: string; path: string; readOnly: boolean }[];
  dependsOn: string[];
  env: MappedEnv;
}

/** Keys that only matter on one machine, dropped with the reason the report gives. */
const DROPPED: Record<string, string> = {
  restart: "ECS replaces a task that stops, always",
  networks: "berth's services share the environment's VPC; each has its own security group",
  container_name: "ECS names tasks itself",
  hostname: "ECS names tasks itself",
  logging: "berth sends the container's output to CloudWatch Logs (berth logs)",
  labels: "labels are for the Docker host",
  tty: "no terminal in ECS",
  stdin_open: "no terminal in ECS",
  init: "Fargate runs the image's entrypoint as PID 1: add tini to the image if it needs an init",
  depends_on: "ECS starts services independently: the application retries its connections until they answer",
  links: "ECS starts services independently",
  pull_policy: "berth pins every image by digest",
};

/** Keys with no equivalent in berth: why, and what to do. */
const LEFT: Record<string, [why: string, todo: string]> = {
  entrypoint: [
    "berth.yml has no entrypoint (only command)",
    "set ENTRYPOINT in the Dockerfile (a build target per role if needed), or, if the image has none, put it in front of command:",
  ],
  network_mode: [
    "Fargate tasks use awsvpc networking only",
    "remove it; services reach each other through the load balancer",
  ],
  privileged: ["Fargate does not run privileged containers", "find what needs it and do without (Fargate's limits)"],
  cap_add: ["Fargate adds only SYS_PTRACE", "do without the capability"],
  devices: ["Fargate has no host devices", "do without"],
  pid: ["Fargate has no host PID namespace", "do without"],
  ipc: ["Fargate has no shared IPC namespace", "do without"],
  user: ["berth.yml has no user", "set USER in the Dockerfile"],
  working_dir: ["berth.yml has no working directory", "set WORKDIR in the Dockerfile"],
  extra_hosts: ["berth.yml has no extra /etc/hosts entries", "use DNS names (Route 53 private zone) instead"],
  dns: ["tasks use the VPC's resolver", "use a Route 53 private zone for custom names"],
  tmpfs: ["berth.yml has no tmpfs mounts", "the task's own storage is writable, /tmp included"],
  shm_size: ["Fargate fixes /dev/shm", "do without, or keep that job off Fargate"],
  ulimits: [
    "berth.yml has no ulimits",
    "Fargate's defaults apply (nofile 65535); use overrides: on the task definition if needed",
  ],
  sysctls: ["berth.yml has no sysctls", "use overrides: on the task definition (Fargate allows a few namespaced ones)"],
  security_opt: ["Fargate has no security options", "do without"],
  configs: ["berth has no Compose configs", "bake the file into the image, or pass its content as env: or a secret"],
  extends: ["berth does not follow extends:", "run `docker compose config > flat.yml` and init from that"],
  external_links: ["no links in ECS", "reach the service by its DNS name"],
  gpus: ["Fargate has no GPUs", "keep that service on EC2 capacity, outside berth"],
};

/** Keys mapped here or by the caller. */
const MAPPED = new Set([
  "build",
  "image",
  "command",
  "environment",
  "env_file",
  "ports",
  "healthcheck",
  "deploy",
  "cpus",
  "mem_limit",
  "mem_reservation",
  "volumes",
  "secrets",
  "stop_grace_period",
  "read_only",
  "platform",
  "profiles",
  "expose",
  "scale",
]);

export function mapService(name: string, compose: ComposeService, ctx: EnvContext): MappedService {
  const where = `services.${name}`;
  const report = ctx.report;
  const berth: Record<string, unknown> = {};
  if (compose.build !== undefined) berth.build = mapBuild(compose.build, ctx.projectDir, where, ctx);
  else if (typeof compose.image === "string") berth.image = compose.image;
  if (compose.build !== undefined && compose.image !== undefined)
    report.assumed.push(`${where}.image dropped: with build:, it only names Compose's local build; berth tags its own`);

  if (compose.command !== undefined && compose.command !== null)
    berth.command = Array.isArray(compose.command) ? compose.command.map(String) : shellWords(String(compose.command));
  const words = ((berth.command as string[] | undefined) ?? []).join(" ");
  const celery = /\bcelery\b/.test(words)
    ? /\bbeat\b/.test(words)
      ? "beat"
      : /\bworker\b/.test(words)
        ? "worker"
        : undefined
    : undefined;

  const size = resources(compose);
  if (size) {
    const fargate = nearestFargateSize(size.cpu, size.memory);
    berth.cpu = fargate.cpu;
    berth.memory = fargate.memory;
    report.assumed.push(
      `${where}: ${size.written} → cpu ${fargate.cpu}, memory ${fargate.memory} (the nearest Fargate size that holds it${fargate.fits ? "" : "; it asked for more than Fargate's largest"})`,
    );
  }
  const arch = typeof compose.platform === "string" && /arm64|aarch64/.test(compose.platform) ? "arm64" : undefined;
  if (arch) berth.arch = arch;

  const deploy = (compose.deploy ?? {}) as Record<string, unknown>;
  const replicas = deploy.replicas ?? compose.scale;
  if (typeof replicas === "number") berth.count = replicas;
  for (const key of Object.keys(deploy).filter((k) => k !== "resources" && k !== "replicas"))
    report.left.push({
      item: `${where}.deploy.${key}`,
      why:
        key === "restart_policy"
          ? "ECS replaces stopped tasks by itself"
          : "berth decides placement and updates itself",
      todo:
        key === "update_config"
          ? "see deploy.strategy in docs/manifest.md"
          : "nothing, unless it mattered: then see docs/manifest.md",
    });

  const healthcheck = containerHealthcheck(compose.healthcheck, "test", where, ctx.report);
  if (healthcheck) berth.healthcheck = healthcheck.berth;

  const stop = durationSeconds(compose.stop_grace_period);
  if (stop !== undefined) berth.stopTimeout = `${Math.min(120, Math.max(2, Math.round(stop)))}s`;
  if (compose.read_only === true) berth.readOnlyRootFilesystem = true;

  const env = mapEnvironment(name, compose, ctx);
  if (Object.keys(env.env).length > 0) berth.env = env.env;
  if (Object.keys(env.secrets).length > 0) berth.secrets = env.secrets;

  for (const key of Object.keys(compose)) {
    // x- keys are the file's own extensions (anchors, tooling), which Compose ignores too.
    if (MAPPED.has(key) || key.startsWith("x-")) continue;
    const dropped = DROPPED[key];
    if (dropped) report.assumed.push(`${where}.${key} dropped: ${dropped}`);
    else {
      const [why, todo] = LEFT[key] ?? ["berth.yml has no equivalent", "check whether the service needs it on ECS"];
      report.left.push({ item: `${where}.${key}`, why, todo });
    }
  }

  const ports = Array.isArray(compose.ports) ? compose.ports.map(portMapping) : [];
  const published: PortMapping[] = [];
  for (const port of ports) {
    if (port && !port.range && port.protocol === "tcp" && port.published !== undefined) published.push(port);
    else
      report.left.push({
        item: `${where}.ports ${port?.written ?? "?"}`,
        why: port?.range ? "a port range" : "not a published TCP port",
        todo: "berth's load balancer carries HTTP to one port per service; UDP or raw TCP needs a Network Load Balancer, outside berth",
      });
  }
  const exposed = Array.isArray(compose.expose) ? compose.expose.map((p) => Number(String(p).split("/")[0])) : [];
  if (published.length === 0 && exposed[0] !== undefined && Number.isInteger(exposed[0])) berth.port = exposed[0];

  return {
    name: berthName(name),
    composeName: name,
    berth,
    published,
    ...(healthcheck?.path ? { healthPath: healthcheck.path } : {}),
    ...(celery ? { celery } : {}),
    volumeMounts: volumeMounts(name, compose, ctx),
    dependsOn: Array.isArray(compose.depends_on)
      ? compose.depends_on.map(String)
      : Object.keys((compose.depends_on ?? {}) as object),
    env,
  };
}

function mapBuild(build: unknown, projectDir: string, where: string, ctx: EnvContext): unknown {
  if (typeof build === "string") return posix.join(projectDir, build);
  const b = build as Record<string, unknown>;
  const out: Record<string, unknown> = { context: posix.join(projectDir, String(b.context ?? ".")) };
  if (typeof b.dockerfile === "string") out.dockerfile = b.dockerfile;
  if (typeof b.target === "string") out.target = b.target;
  const args = buildArgsWithoutCredentials(
    Object.fromEntries(
      (Array.isArray(b.args) ? b.args.map((a) => String(a).split(/=(.*)/s)) : Object.entries(b.args ?? {}))
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, String(v)]),
    ),
    `${where}.build`,
    ctx.report,
  );
  if (Object.keys(args).length > 0) out.args = args;
  for (const key of Object.keys(b).filter((k) => !["context", "dockerfile", "target", "args"].includes(k)))
    ctx.report.left.push({
      item: `${where}.build.${key}`,
      why: "berth builds with context, dockerfile, target and args only",
      todo:
        key === "secrets"
          ? "pass build secrets as args, or fetch them in a build stage"
          : "fold it into the Dockerfile",
    });
  return Object.keys(out).length === 1 ? out.context : out;
}

function resources(compose: ComposeService): { cpu?: number; memory?: number; written: string } | undefined {
  const res = ((compose.deploy as Record<string, unknown> | undefined)?.resources ?? {}) as Record<
    string,
    Record<string, unknown>
  >;
  const cpus = Number(res.limits?.cpus ?? compose.cpus ?? res.reservations?.cpus ?? NaN);
  const memory = memoryMiB(
    res.limits?.memory ?? compose.mem_limit ?? res.reservations?.memory ?? compose.mem_reservation,
  );
  if (Number.isNaN(cpus) && memory === undefined) return undefined;
  const written = [Number.isNaN(cpus) ? "" : `cpus ${cpus}`, memory === undefined ? "" : `memory ${memory} MiB`]
    .filter(Boolean)
    .join(", ");
  return {
    ...(Number.isNaN(cpus) ? {} : { cpu: Math.ceil(cpus * 1024) }),
    ...(memory !== undefined ? { memory } : {}),
    written,
  };
}

function volumeMounts(name: string, compose: ComposeService, ctx: EnvContext): MappedService["volumeMounts"] {
  if (!Array.isArray(compose.volumes)) return [];
  const mounts: MappedService["volumeMounts"] = [];
  for (const entry of compose.volumes) {
    const long = entry !== null && typeof entry === "object" ? (entry as Record<string, unknown>) : undefined;
    const parts = long ? [] : String(entry).split(":");
    const source = long ? (long.source as string | undefined) : parts.length > 1 ? parts[0] : undefined;
    const target = long ? String(long.target) : (parts.length > 1 ? parts[1] : parts[0])!;
    const type = long?.type ?? (source === undefined ? "anonymous" : /^[./~]/.test(source) ? "bind" : "volume");
    const readOnly = long ? long.read_only === true : parts[2]?.split(",").includes("ro") === true;
    const written = long ? JSON.stringify(entry) : String(entry);
    if (type === "volume" && source) mounts.push({ volume: source, path: target, readOnly });
    else if (type === "bind")
      ctx.report.left.push({
        item: `services.${name}.volumes ${written}`,
        why: "a directory of the VM bound into the container: ECS tasks have no host to bind from",
        todo: "code and config belong in the image (COPY in the Dockerfile); data that must persist goes in a named volume (EFS) or a bucket",
      });
    else
      ctx.report.assumed.push(
        `services.${name}.volumes ${written} dropped: a ${type} mount is the task's own storage, which is writable and lost when the task stops`,
      );
  }
  return mounts;
}
