import { mapAddons } from "./copilot-addons.js";
import { dataCopySteps, cutoverSteps } from "./copilot-cutover.js";
import { berthEnvironmentName, mapEnvironmentManifest } from "./copilot-environments.js";
import { readWorkspace, type CopilotWorkload, type WorkspaceFiles } from "./copilot-read.js";
import { resolveCopilotVariables } from "./copilot-variables.js";
import { mapWorkloadFields } from "./copilot-workload.js";
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
 * backend and worker services, their per-environment overrides, environment manifests,
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
  const environments: Record<string, { services?: Record<string, unknown> } & Record<string, unknown>> = {};
  const keep: string[] = [];
  const managedVolumes: string[] = [];
  const aliases: string[] = [];
  let database: Record<string, unknown> | undefined;

  for (const workload of ws.workloads) {
    const type = String(workload.manifest.type ?? "");
    const where = `copilot/${workload.dir}/manifest.yml`;
    if (!SERVICE_TYPES.has(type)) {
      report.left.push(unmappedWorkload(workload, type, where));
      continue;
    }
    const ctx = { app, projectDir: input.projectDir, where, report };
    const mapped = mapWorkloadFields({ name: workload.dir, ...workload.manifest }, type, ctx);
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
      const partial = mapWorkloadFields(override ?? {}, type, { ...ctx, where: `${where} environments.${env}` });
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

function unmappedWorkload(workload: CopilotWorkload, type: string, where: string): AdoptionReport["left"][number] {
  if (type === "Scheduled Job") {
    const schedule = String(((workload.manifest.on ?? {}) as Record<string, unknown>).schedule ?? "?");
    return {
      item: `${where} (Scheduled Job, schedule ${schedule})`,
      why: "init --from does not convert Copilot jobs: berth's schedules: run a service's task definition, and a job has an image of its own",
      todo: "add it under schedules: in berth.yml (service, command, cron or rate, timezone: berth renders it on EventBridge Scheduler; docs/manifest.md), naming a service whose image holds the job's code",
    };
  }
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
