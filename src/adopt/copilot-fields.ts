import { posix } from "node:path";
import { isFargatePair } from "../manifest/fargate.js";
import { containerHealthcheck } from "./container-healthcheck.js";
import { durationSeconds, shellWords } from "./compose-values.js";
import { buildArgsWithoutCredentials, isCredential } from "./credentials.js";
import { nearestFargateSize } from "./fargate-size.js";
import { berthName } from "./names.js";
import { addSecretToCreate, type AdoptionReport } from "./report.js";

export interface FieldContext {
  app: string;
  /** The workspace root (copilot/'s parent) relative to where berth.yml is written. */
  projectDir: string;
  /** `copilot/api/manifest.yml`, or with `environments.prod` for an override. */
  where: string;
  report: AdoptionReport;
}

/** `image:`: build (a Dockerfile path, or `{ dockerfile, context, target, args }`, paths from the workspace root), location, port, healthcheck. */
export function mapImage(image: unknown, berth: Record<string, unknown>, ctx: FieldContext): void {
  if (image === null || typeof image !== "object") return;
  const i = image as Record<string, unknown>;
  if (typeof i.location === "string") berth.image = i.location;
  if (typeof i.build === "string") {
    const dir = posix.dirname(i.build);
    const dockerfile = posix.basename(i.build);
    const context = posix.join(ctx.projectDir, dir);
    berth.build = dockerfile === "Dockerfile" ? context : { context, dockerfile };
  } else if (i.build && typeof i.build === "object") {
    const b = i.build as Record<string, unknown>;
    const contextDir =
      typeof b.context === "string" ? b.context : typeof b.dockerfile === "string" ? posix.dirname(b.dockerfile) : ".";
    const build: Record<string, unknown> = { context: posix.join(ctx.projectDir, contextDir) };
    // Copilot's dockerfile is a path from the workspace root; berth's is from the context.
    if (typeof b.dockerfile === "string" && posix.relative(contextDir, b.dockerfile) !== "Dockerfile")
      build.dockerfile = posix.relative(contextDir, b.dockerfile);
    if (typeof b.target === "string") build.target = b.target;
    const args = buildArgsWithoutCredentials(
      Object.fromEntries(Object.entries((b.args ?? {}) as object).map(([k, v]) => [k, String(v)])),
      `${ctx.where}: image.build`,
      ctx.report,
    );
    if (Object.keys(args).length > 0) build.args = args;
    berth.build = Object.keys(build).length === 1 ? build.context : build;
    if (b.cache_from !== undefined)
      ctx.report.assumed.push(`${ctx.where}: image.build.cache_from dropped: berth's builder caches by itself`);
  }
  if (typeof i.port === "number") berth.port = i.port;
  const healthcheck = containerHealthcheck(i.healthcheck, "command", `${ctx.where}: image`, ctx.report);
  if (healthcheck) berth.healthcheck = healthcheck.berth;
  for (const key of Object.keys(i).filter((k) => !["build", "location", "port", "healthcheck"].includes(k)))
    ctx.report.left.push({
      item: `${ctx.where}: image.${key}`,
      why: "berth's services take build or image, port and healthcheck",
      todo:
        key === "credentials"
          ? 'set registry: and BERTH_REGISTRY_USERNAME/PASSWORD (docs/manifest.md, "Images")'
          : "fold it into the Dockerfile or drop it",
    });
}

/** cpu and memory, moved to the nearest Fargate size when Copilot's pair is not one. */
export function mapSize(m: Record<string, unknown>, berth: Record<string, unknown>, ctx: FieldContext): void {
  const cpu = typeof m.cpu === "number" ? m.cpu : undefined;
  const memory = typeof m.memory === "number" ? m.memory : undefined;
  if (cpu === undefined && memory === undefined) return;
  if (cpu !== undefined && memory !== undefined && isFargatePair(cpu, memory)) {
    berth.cpu = cpu;
    berth.memory = memory;
    return;
  }
  const size = nearestFargateSize(cpu, memory);
  berth.cpu = size.cpu;
  berth.memory = size.memory;
  ctx.report.assumed.push(
    `${ctx.where}: cpu ${cpu ?? "-"} / memory ${memory ?? "-"} → ${size.cpu} / ${size.memory}, the nearest Fargate size`,
  );
}

/** `count`: a number, or `{ range, cpu_percentage, requests, queue_delay }` → berth's scaling map. */
export function mapCount(count: unknown, berth: Record<string, unknown>, ctx: FieldContext): void {
  if (typeof count === "number") {
    berth.count = count;
    return;
  }
  if (count === null || typeof count !== "object") return;
  const c = count as Record<string, unknown>;
  const range = c.range;
  let min: number | undefined;
  let max: number | undefined;
  if (typeof range === "string") [min, max] = range.split("-").map(Number);
  else if (range && typeof range === "object") ({ min, max } = range as { min?: number; max?: number });
  if (range === undefined && typeof c.spot === "number") {
    berth.count = c.spot;
    ctx.report.left.push({
      item: `${ctx.where}: count.spot`,
      why: "berth runs on Fargate (Fargate Spot in previews only)",
      todo: "nothing, unless Spot's price mattered",
    });
    return;
  }
  if (min === undefined || max === undefined || Number.isNaN(min) || Number.isNaN(max)) {
    ctx.report.left.push({
      item: `${ctx.where}: count`,
      why: "no range berth can read",
      todo: "set count: N or { min, max } by hand",
    });
    return;
  }
  const scaling: Record<string, unknown> = { min, max };
  if (typeof c.cpu_percentage === "number") scaling.cpu = c.cpu_percentage;
  if (typeof c.requests === "number") scaling.requests = c.requests;
  const delay = c.queue_delay as Record<string, unknown> | undefined;
  const latency = durationSeconds(delay?.acceptable_latency);
  const processing = durationSeconds(delay?.msg_processing_time);
  // Copilot's own formula: the backlog one task clears within the acceptable latency.
  if (latency !== undefined && processing) scaling.backlogPerTask = Math.max(1, Math.floor(latency / processing));
  berth.count = scaling;
  for (const key of Object.keys(c).filter(
    (k) =>
      ["memory_percentage", "response_time", "spot", "cooldown"].includes(k) ||
      (k === "range" && typeof range === "object" && "spot_from" in (range as object)),
  ))
    ctx.report.left.push({
      item: `${ctx.where}: count.${key}`,
      why: "berth scales on cpu, requests or queue backlog, on Fargate (previews use Fargate Spot)",
      todo: "scale on one of those instead",
    });
}

/** `variables` → env (credential-looking ones to secrets to create); `secrets` kept by name. */
export function mapVariables(m: Record<string, unknown>, berth: Record<string, unknown>, ctx: FieldContext): void {
  const env: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries((m.variables ?? {}) as Record<string, unknown>)) {
    if (value !== null && typeof value === "object") {
      ctx.report.left.push({
        item: `${ctx.where}: variables.${key}`,
        why: "from_cfn: berth does not read other stacks' exports",
        todo: "write the value, or a ${VAR} berth reads when it runs",
      });
      continue;
    }
    const text = String(value);
    if (isCredential(key, text) && !/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(text)) {
      secrets[key] = `secretsmanager:${ctx.app}/${key}`;
      addSecretToCreate(ctx.report, secrets[key]!, `variables.${key} in ${ctx.where}`);
    } else env[key] = text;
  }
  for (const [key, value] of Object.entries((m.secrets ?? {}) as Record<string, unknown>)) {
    const reference = secretReference(value);
    if (reference) secrets[key] = reference;
    else
      ctx.report.left.push({
        item: `${ctx.where}: secrets.${key}`,
        why: "from_cfn: berth does not read other stacks' exports",
        todo: "name the parameter or secret itself: ssm:/NAME or secretsmanager:NAME",
      });
  }
  if (Object.keys(env).length > 0) berth.env = env;
  if (Object.keys(secrets).length > 0) berth.secrets = secrets;
  if (m.env_file !== undefined)
    ctx.report.left.push({
      item: `${ctx.where}: env_file`,
      why: "berth has no env files",
      todo: "move its variables into env: (or secrets:)",
    });
}

/** Copilot's secret forms (an SSM parameter name or ARN, `{ secretsmanager: NAME[:KEY::] }`) as berth references. */
export function secretReference(value: unknown): string | undefined {
  if (typeof value === "string") {
    const ssmArn = /^arn:aws[a-z-]*:ssm:[^:]*:\d*:parameter(\/.*)$/.exec(value);
    if (ssmArn) return `ssm:${ssmArn[1]}`;
    if (value.startsWith("arn:aws") && value.includes(":secretsmanager:")) return `secretsmanager:${value}`;
    return `ssm:${value}`;
  }
  const sm = (value as Record<string, unknown> | null)?.secretsmanager;
  if (typeof sm !== "string") return undefined;
  // NAME:KEY:VERSION_STAGE:VERSION_ID, or an ARN (which has colons of its own) followed by the same.
  const arn = /^(arn:aws[a-z-]*:secretsmanager:[^:]+:\d+:secret:[^:]+)(?::([^:]*))?/.exec(sm);
  const [name, key] = arn ? [arn[1]!, arn[2]] : sm.split(":");
  return `secretsmanager:${name}${key ? `#${key}` : ""}`;
}

/** `command` (a string is split into words) and `entrypoint`, which berth has no key for. */
export function mapCommand(m: Record<string, unknown>, berth: Record<string, unknown>, ctx: FieldContext): void {
  if (typeof m.command === "string") berth.command = shellWords(m.command);
  else if (Array.isArray(m.command)) berth.command = m.command.map(String);
  if (m.entrypoint !== undefined)
    ctx.report.left.push({
      item: `${ctx.where}: entrypoint`,
      why: "berth.yml has no entrypoint (only command)",
      todo: "set ENTRYPOINT in the Dockerfile",
    });
}

/** `storage.volumes` with managed EFS (`efs: true` or `{ uid, gid }`) → berth volumes; the mount paths per service. */
export function mapStorage(storage: unknown, berth: Record<string, unknown>, ctx: FieldContext): string[] {
  if (storage === null || typeof storage !== "object") return [];
  const s = storage as Record<string, unknown>;
  const volumes: string[] = [];
  if (s.readonly_fs === true) berth.readOnlyRootFilesystem = true;
  if (s.ephemeral !== undefined)
    ctx.report.left.push({
      item: `${ctx.where}: storage.ephemeral`,
      why: "berth keeps Fargate's 20 GiB of task storage",
      todo: "raise it with overrides: on the task definition (EphemeralStorage)",
    });
  for (const [name, volume] of Object.entries((s.volumes ?? {}) as Record<string, Record<string, unknown>>)) {
    const efs = volume.efs;
    const managed = efs === true || (efs !== null && typeof efs === "object" && !("id" in efs));
    if (managed && typeof volume.path === "string") {
      const berthVolume = berthName(name);
      berth.volumes = { ...((berth.volumes as Record<string, string> | undefined) ?? {}), [berthVolume]: volume.path };
      volumes.push(berthVolume);
      if (efs !== true)
        ctx.report.assumed.push(
          `${ctx.where}: storage.volumes.${name}: uid/gid dropped; berth's access point uses 1000/1000`,
        );
    } else
      ctx.report.left.push({
        item: `${ctx.where}: storage.volumes.${name}`,
        why: efs
          ? "an existing file system: berth cannot attach one it did not create yet"
          : "a scratch volume shared with sidecars, which berth has none of",
        todo: efs
          ? "declare a berth volume and copy the files over (see the steps), or wait for existing volumes in berth"
          : "use the task's own storage (/tmp)",
      });
  }
  return volumes;
}
