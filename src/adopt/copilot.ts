import { mapAddons } from "./copilot-addons.js";
import { dataCopySteps, cutoverSteps } from "./copilot-cutover.js";
import { berthEnvironmentName, mapEnvironmentManifest } from "./copilot-environments.js";
import { readWorkspace, type CopilotWorkload, type WorkspaceFiles } from "./copilot-read.js";
import { resolveCopilotVariables } from "./copilot-variables.js";
import type { FieldContext } from "./copilot-fields.js";
import { copilotScheduleTiming, jobFields, type ScheduleTiming } from "./copilot-schedule.js";
import { mapWorkloadFields, type MappedWorkload } from "./copilot-workload.js";
import { berthName } from "./names.js";
import { emptyReport, type Adoption, type AdoptionReport, type ManifestData } from "./report.js";

export interface CopilotInput {
  files: WorkspaceFiles;
  /** The copilot/ folder as the user named it, for messages. */
  folder: string;
  /** The workspace root (copilot/'s parent) relative to where berth.yml is written. */
  projectDir: string;
  app?: string;
}

const SERVICE_TYPES = new Set(["Load Balanced Web Service", "Backend Service", "Worker Service"]);

/**
 * A berth manifest from a Copilot workspace (docs/adopting.md, "From AWS Copilot"): web,
 * backend and worker services, scheduled jobs as schedules, their per-environment overrides, environment manifests,
 * storage add-ons; then the cutover steps that keep the data.
 */
export function adoptCopilot(input: CopilotInput): Adoption {
  const read = readWorkspace(input.files, input.folder);
  if (!read.ok) return read;
  const ws = read.workspace;
  const report = emptyReport(input.folder);
  const copilotApp = berthName(ws.app, 24);
  const app = input.app ?? `${copilotApp.slice(0, 18).replace(/-+$/, "")}-berth`;
  if (app === copilotApp)
    return {
      ok: false,
      message: `--app ${app} is the Copilot application's name`,
      hint: "pick another: berth and Copilot both name their stacks <app>-<env>, and berth would update Copilot's",
    };
  if (input.app === undefined)
    report.assumed.push(`app: ${app}, not ${ws.app}, so berth's stacks sit beside Copilot's (pass --app to choose)`);

  const services: Record<string, Record<string, unknown>> = {};
  const queues: Record<string, unknown> = {};
  const volumes: Record<string, unknown> = {};
  const buckets: Record<string, unknown> = {};
  const schedules: Record<string, unknown> = {};
  const environments: Record<string, { services?: Record<string, unknown> } & Record<string, unknown>> = {};
  const keep: string[] = [];
  const managedVolumes: string[] = [];
  const aliases: string[] = [];
  let database: Record<string, unknown> | undefined;

  for (const workload of ws.workloads) {
    const type = String(workload.manifest.type ?? "");
    const where = `copilot/${workload.dir}/manifest.yml`;
    const ctx = { app, projectDir: input.projectDir, where, report };
    const job = type === "Scheduled Job" ? mapScheduledJob(workload, ctx) : undefined;
    if (type === "Scheduled Job" && !job) continue;
    if (!SERVICE_TYPES.has(type) && !job) {
      report.left.push(unmappedWorkload(workload, type, where));
      continue;
    }
    const mapped = job?.mapped ?? mapWorkloadFields({ name: workload.dir, ...workload.manifest }, type, ctx);
    if (job) schedules[mapped.name] = job.schedule;
    if (type === "Load Balanced Web Service" && mapped.berth.http === undefined && workload.manifest.nlb === undefined)
      mapped.berth.http = {};
    const host = (mapped.berth.http as Record<string, unknown> | undefined)?.host;
    if (typeof host === "string") aliases.push(host);
    if (mapped.queue) queues[mapped.queue.name] = mapped.queue.settings;
    for (const v of mapped.volumes) volumes[v] = {};
    if (mapped.volumes.length > 0) managedVolumes.push(mapped.name);
    const addons = mapAddons(workload.addons, mapped.name, report, database !== undefined);
    database ??= addons.database;
    Object.assign(buckets, addons.buckets);
    keep.push(...addons.keep);
    if (addons.uses.length > 0) mapped.berth.uses = [...((mapped.berth.uses as string[]) ?? []), ...addons.uses];
    services[mapped.name] = mapped.berth;
    report.mapped.push(`${where} (${type}) → services.${mapped.name}`);
    for (const [env, override] of Object.entries(
      (workload.manifest.environments ?? {}) as Record<string, Record<string, unknown>>,
    )) {
      const name = berthEnvironmentName(env, report);
      const envCtx = { ...ctx, where: `${where} environments.${env}` };
      const partial = job
        ? jobOverride(override ?? {}, mapped.name, job.schedule, envCtx, (timing) => {
            environments[name] = {
              ...environments[name],
              schedules: { ...(environments[name]?.schedules as object), [mapped.name]: timing },
            };
          })
        : mapWorkloadFields(override ?? {}, type, envCtx);
      if (Object.keys(partial.berth).length === 0) continue;
      const overriddenHost = (partial.berth.http as Record<string, unknown> | undefined)?.host;
      if (typeof overriddenHost === "string") aliases.push(overriddenHost);
      environments[name] = {
        ...environments[name],
        services: { ...environments[name]?.services, [mapped.name]: partial.berth },
      };
      report.mapped.push(`${where} environments.${env} → environments.${name}.services.${mapped.name}`);
    }
  }
  if (Object.keys(services).length === 0)
    return {
      ok: false,
      message: `${input.folder}: no service berth can run (only jobs or other kinds)`,
      hint: "berth runs Load Balanced Web, Backend and Worker Services",
    };
  connectPublishers(ws.workloads, services);

  const envAddons = mapAddons(ws.environmentAddons, undefined, report, database !== undefined);
  database ??= envAddons.database;
  Object.assign(buckets, envAddons.buckets);
  keep.push(...envAddons.keep);
  if (ws.environmentAddons.length > 0)
    report.assumed.push(
      "environment add-ons: no service was given uses: for them; add uses: [NAME] to each service that reads one",
    );
  for (const env of ws.environments) {
    const name = berthEnvironmentName(env.name, report);
    environments[name] = { ...mapEnvironmentManifest(env.name, env.manifest, report), ...environments[name] };
  }
  for (const file of ws.otherFiles)
    report.left.push({
      item: `copilot/${file}`,
      why: "berth reads manifests and add-on templates only",
      todo: file.includes("pipeline") ? 'deploy from CI with berth deploy (README, "CI")' : "check whether it matters",
    });

  const manifest: ManifestData = { app, services };
  if (database) manifest.database = database;
  if (Object.keys(queues).length > 0) manifest.queues = queues;
  if (Object.keys(buckets).length > 0) manifest.buckets = buckets;
  if (Object.keys(volumes).length > 0) manifest.volumes = volumes;
  if (Object.keys(schedules).length > 0) manifest.schedules = schedules;
  if (Object.keys(environments).length > 0) manifest.environments = environments;
  resolveCopilotVariables(manifest, ws.app, report);
  reportVariables(manifest, report);
  const facts = {
    copilotApp: ws.app,
    berthApp: app,
    environments: Object.keys(environments),
    keep,
    managedVolumes,
    aliases,
  };
  const engine = database?.engine as "aurora-postgresql" | "aurora-mysql" | undefined;
  report.steps.push(...dataCopySteps(facts, engine, Object.keys(buckets)), cutoverSteps(facts));
  return { ok: true, manifest, report };
}

/**
 * A Scheduled Job becomes a service of its own that runs no task (count 0) — its image, size,
 * variables and secrets — and a schedule that runs the job's command in it. A job berth cannot
 * schedule (no image, no command, a timing EventBridge does not take) is left, with why.
 */
function mapScheduledJob(
  workload: CopilotWorkload,
  ctx: FieldContext,
): { mapped: MappedWorkload; schedule: Record<string, unknown> } | undefined {
  const { service, schedule } = jobFields({ name: workload.dir, ...workload.manifest }, ctx);
  const item = `${ctx.where} (Scheduled Job, schedule ${String(schedule ?? "none")})`;
  const timing = copilotScheduleTiming(schedule);
  if ("why" in timing) {
    ctx.report.left.push({ item, why: timing.why, todo: timing.todo });
    return undefined;
  }
  if (service.image === undefined) {
    ctx.report.left.push({
      item,
      why: "it names no image to build or pull",
      todo: "add it under services: and schedules: by hand",
    });
    return undefined;
  }
  const mapped = mapWorkloadFields(service, "Backend Service", ctx);
  const command = mapped.berth.command;
  if (!Array.isArray(command)) {
    ctx.report.left.push({
      item,
      why: "it runs its image's own command, and a berth schedule names the command it runs",
      todo: `add services.${mapped.name} with count: 0 and schedules.${mapped.name} with the image's CMD as command:`,
    });
    return undefined;
  }
  delete mapped.berth.command;
  mapped.berth.count = 0;
  ctx.report.mapped.push(
    `${ctx.where} (Scheduled Job) → services.${mapped.name} (count 0: it runs only when scheduled) and schedules.${mapped.name}`,
  );
  ctx.report.assumed.push(
    `schedules.${mapped.name}: ${"cron" in timing ? `cron "${timing.cron}"` : `rate ${timing.rate}`} in UTC, as Copilot read it; set timezone: to run it by local time`,
  );
  return { mapped, schedule: { service: mapped.name, command, ...timing } };
}

/** An environment's override of a job: its schedule goes to the environment's schedules:, the rest is the service's. */
function jobOverride(
  override: Record<string, unknown>,
  name: string,
  base: Record<string, unknown>,
  ctx: FieldContext,
  setTiming: (timing: ScheduleTiming) => void,
): MappedWorkload {
  const { service, schedule } = jobFields(override, ctx);
  if (schedule !== undefined) {
    const timing = copilotScheduleTiming(schedule);
    const item = `${ctx.where}: on.schedule ${String(schedule)}`;
    if ("why" in timing) ctx.report.left.push({ item, why: timing.why, todo: timing.todo });
    // An environment merges over the base: it can change the cron or the rate, not swap one for the other.
    else if ("cron" in timing !== "cron" in base)
      ctx.report.left.push({
        item,
        why: `the job runs by ${"cron" in base ? "cron" : "rate"} elsewhere, and an environment's schedule can change it but not swap it for a ${"cron" in timing ? "cron" : "rate"}`,
        todo: `write both as the same kind in berth.yml (a rate as a cron, or the other way), then set it under environments`,
      });
    else {
      setTiming(timing);
      ctx.report.mapped.push(`${item} → schedules.${name} in that environment`);
    }
  }
  return mapWorkloadFields(service, "Backend Service", ctx);
}

function unmappedWorkload(workload: CopilotWorkload, type: string, where: string): AdoptionReport["left"][number] {
  return {
    item: `${where} (${type || "no type"})`,
    why:
      type === "Request-Driven Web Service"
        ? "an App Runner service, and berth runs ECS"
        : type === "Static Site"
          ? "berth serves no static sites (S3 + CloudFront)"
          : "berth maps web, backend and worker services",
    todo:
      type === "Request-Driven Web Service" ? "add it as a web service (port, http) by hand" : "keep it outside berth",
  };
}

/** A service that published to a worker's SNS topic may now send to the worker's queue directly. */
function connectPublishers(workloads: CopilotWorkload[], services: Record<string, Record<string, unknown>>): void {
  for (const w of workloads.filter((x) => x.manifest.type === "Worker Service")) {
    const queue = berthName(String(w.manifest.name ?? w.dir));
    const topics = (((w.manifest.subscribe ?? {}) as Record<string, unknown>).topics ?? []) as Record<
      string,
      unknown
    >[];
    for (const publisher of new Set(topics.map((t) => berthName(String(t.service))))) {
      const service = services[publisher];
      if (service && !((service.uses as string[] | undefined) ?? []).includes(queue))
        service.uses = [...((service.uses as string[]) ?? []), queue];
    }
  }
}

/** Copilot and berth both read `${VAR}` from the environment they run in: say which ones berth.yml reads. */
function reportVariables(manifest: ManifestData, report: AdoptionReport): void {
  const names = new Set([...JSON.stringify(manifest).matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!));
  if (names.size > 0)
    report.assumed.push(
      `berth.yml reads ${[...names].map((n) => `\${${n}}`).join(", ")} from the environment berth runs in, as Copilot did: set them for berth validate and deploy`,
    );
}
