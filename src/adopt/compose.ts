import { appName } from "../manifest/init.js";
import { auroraFor } from "./compose-backing.js";
import { mentionsHost, type EnvContext } from "./compose-env.js";
import { readCompose, type ComposeFile, type ComposeProject } from "./compose-read.js";
import { classify, type Classified } from "./compose-roles.js";
import { mapService, type MappedService } from "./compose-service.js";
import { environmentEntries } from "./compose-values.js";
import { databaseMoveSteps, volumeMoveSteps } from "./data-steps.js";
import { placeWebService } from "./compose-web.js";
import { berthName } from "./names.js";
import { mapCaches } from "./compose-caches.js";
import { CELERY_QUEUE, celerySteps, leftBackingServices } from "./compose-left.js";
import { emptyReport, type Adoption, type AdoptionReport, type ManifestData } from "./report.js";

export interface ComposeInput {
  files: ComposeFile[];
  /** `--app`; else the project's `name:`, else its directory's name. */
  app?: string;
  /** The Compose project's directory name. */
  directory: string;
  /** The Compose project's directory relative to where berth.yml is written (`.` when side by side). */
  projectDir: string;
  /** The shell's variables over `.env`'s, as Compose reads them. */
  vars: Record<string, string | undefined>;
  /** Reads a file relative to where berth.yml is written (env files); undefined when it is not there. */
  read: (path: string) => string | undefined;
}

/**
 * A berth manifest from a Compose project (docs/adopting.md, "From Docker Compose"): its
 * application services become berth services, its database becomes `database:`, Celery's
 * broker an SQS queue, its named volumes EFS volumes, Redis or Valkey caches; everything else is reported.
 */
export function adoptCompose(input: ComposeInput): Adoption {
  const read = readCompose(input.files, input.vars);
  if (!read.ok) return read;
  const project = read.project;
  const app = input.app ?? appName(project.name ?? input.directory);
  const report = emptyReport(input.files.map((f) => f.path).join(" + "));
  const active = Object.fromEntries(
    Object.entries(project.services).filter(([name, s]) => !inProfile(name, s, report)),
  );
  const classified = classify(active);
  const databaseSecrets = new Set(
    [...classified.roles]
      .filter(([, role]) => role === "database")
      .flatMap(([name]) =>
        (Array.isArray(active[name]!.secrets) ? active[name]!.secrets : []).map((s: unknown) =>
          typeof s === "string" ? s : String((s as Record<string, unknown>).source),
        ),
      ),
  );
  const ctx: EnvContext = {
    app,
    projectDir: input.projectDir,
    read: input.read,
    vars: input.vars,
    roles: classified.roles,
    databaseSecrets,
    report,
  };

  const mapped: MappedService[] = Object.entries(active)
    .filter(([name]) => classified.roles.get(name) === "app")
    .map(([name, service]) => mapService(name, service, ctx));
  if (mapped.length === 0)
    return {
      ok: false,
      message: `${report.source}: no service berth can run (only ${Object.keys(active).join(", ")})`,
      hint: "berth runs the application's own containers; add the service that runs your code",
    };

  const manifest: ManifestData = { app };
  const database = mapDatabase(active, classified, mapped, report);
  const queues = mapBroker(classified, mapped, report);
  placeWebService(mapped, classified, report);
  const volumes = mapVolumes(project, mapped, report);
  const caches = mapCaches(active, classified, mapped, report);
  leftBackingServices(active, classified, report);
  reportCrossCalls(mapped, classified, report);
  for (const key of project.otherKeys.filter((k) => !k.startsWith("x-")))
    if (key === "networks") report.assumed.push("networks dropped: berth's services share the environment's VPC");
    else
      report.left.push({
        item: key,
        why: "berth reads services, volumes and secrets",
        todo: "check whether it matters on ECS",
      });
  for (const name of project.unset)
    report.assumed.push(`\${${name}} is set neither in the shell nor in .env: it was read as empty, as Compose does`);

  manifest.services = Object.fromEntries(mapped.map((m) => [m.name, m.berth]));
  if (database) manifest.database = database;
  if (queues) manifest.queues = queues;
  if (volumes) manifest.volumes = volumes;
  if (caches) manifest.caches = caches;
  report.mapped.push(...mapped.map((m) => `services.${m.name}: ${describe(m)}`));
  return { ok: true, manifest, report };
}

function inProfile(name: string, service: Record<string, unknown>, report: AdoptionReport): boolean {
  if (!Array.isArray(service.profiles) || service.profiles.length === 0) return false;
  report.left.push({
    item: `services.${name}`,
    why: `it runs only with profile ${service.profiles.join(" or ")}, so not by default`,
    todo: "add it to berth.yml by hand if it should run in AWS",
  });
  return true;
}

function describe(m: MappedService): string {
  const b = m.berth;
  const what = b.http
    ? `web service on port ${String(b.port)}`
    : b.queue
      ? `worker on queue ${String(b.queue)}`
      : "service";
  return `${what}, ${b.build !== undefined ? "built from its build:" : `image ${String(b.image)}`}`;
}

function addUse(m: MappedService, use: string): void {
  const uses = (m.berth.uses as string[] | undefined) ?? [];
  if (!uses.includes(use)) m.berth.uses = [...uses, use];
}

function mapDatabase(
  active: Record<string, Record<string, unknown>>,
  c: Classified,
  mapped: MappedService[],
  report: AdoptionReport,
): Record<string, unknown> | undefined {
  const names = [...c.roles].filter(([, r]) => r === "database").map(([n]) => n);
  for (const extra of names.slice(1))
    report.left.push({
      item: `services.${extra}`,
      why: `berth makes one database per app, and ${names[0]} is it`,
      todo: "merge it into the first (one database per schema), or run it outside berth and pass its address as a secret",
    });
  const host = names[0];
  if (host === undefined) return undefined;
  const kind = c.kinds.get(host)!;
  if (kind.kind !== "database") return undefined;
  const aurora = auroraFor(kind.engine, kind.tag);
  const env = Object.fromEntries(environmentEntries(active[host]!.environment));
  const composeName = env.POSTGRES_DB ?? env.MYSQL_DATABASE ?? env.MARIADB_DATABASE;
  const user =
    env.POSTGRES_USER ?? env.MYSQL_USER ?? env.MARIADB_USER ?? (kind.engine === "postgres" ? "postgres" : "root");
  const database: Record<string, unknown> = { engine: aurora.engine, version: aurora.version };
  if (composeName && /^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(composeName)) database.name = composeName;
  report.mapped.push(
    `services.${host} (${kind.engine}:${kind.tag}) → database: ${aurora.engine} ${aurora.version}, Aurora Serverless v2`,
  );
  report.assumed.push(...aurora.assumed.map((a) => `services.${host}: ${a}`));
  report.assumed.push(
    `services.${host}: its volumes, ports, healthcheck and settings are Aurora's business now; the data moves by the steps below`,
  );
  for (const m of mapped) if (m.dependsOn.includes(host) || m.env.pointsAt.has(host)) addUse(m, "database");
  if (!mapped.some((m) => ((m.berth.uses as string[] | undefined) ?? []).includes("database")))
    report.left.push({
      item: `services.${host}: its users`,
      why: "no service depends on it or names its host, so none was given the database",
      todo: "add uses: [database] to each service that connects to it",
    });
  report.steps.push(databaseMoveSteps(aurora.engine, { service: host, database: composeName ?? "<database>", user }));
  return database;
}

function mapBroker(
  c: Classified,
  mapped: MappedService[],
  report: AdoptionReport,
): Record<string, unknown> | undefined {
  if (c.broker === undefined) return undefined;
  const kind = c.kinds.get(c.broker)!;
  const users = mapped.filter(
    (m) => c.celery.has(m.composeName) || m.dependsOn.includes(c.broker!) || m.env.pointsAt.has(c.broker!),
  );
  for (const m of users) {
    if (m.celery === "worker") m.berth.queue = CELERY_QUEUE;
    else addUse(m, CELERY_QUEUE);
    const named = celeryQueues((m.berth.command as string[] | undefined) ?? []);
    if (m.celery === "worker" && named.length > 0)
      report.left.push({
        item: `services.${m.name}.command -Q ${named.join(",")}`,
        why: `it consumes Celery queues of its own, and berth made one SQS queue, ${CELERY_QUEUE}`,
        todo: `add a queue per Celery queue under queues:, a worker service for each, and each to predefined_queues`,
      });
    m.berth.env = { ...((m.berth.env as Record<string, string> | undefined) ?? {}), CELERY_BROKER_URL: "sqs://" };
  }
  report.mapped.push(`services.${c.broker} (${kind.kind}, Celery's broker) → queues.${CELERY_QUEUE}: an SQS queue`);
  report.assumed.push(
    `queues.${CELERY_QUEUE}: visibilityTimeout 30m, Celery's own default for SQS: a task running longer is delivered again`,
  );
  report.steps.push(celerySteps(c.broker, kind.kind));
  return { [CELERY_QUEUE]: { visibilityTimeout: "30m" } };
}

/** The queues a Celery worker's `-Q a,b` / `--queues=a,b` names. */
function celeryQueues(command: string[]): string[] {
  const at = command.findIndex((w) => w === "-Q" || w === "--queues" || w.startsWith("--queues="));
  if (at < 0) return [];
  const list = command[at]!.startsWith("--queues=") ? command[at]!.slice(9) : (command[at + 1] ?? "");
  return list.split(",").filter((q) => q !== "" && q !== CELERY_QUEUE);
}

function mapVolumes(
  project: ComposeProject,
  mapped: MappedService[],
  report: AdoptionReport,
): Record<string, unknown> | undefined {
  const volumes: Record<string, unknown> = {};
  const byVolume = new Map<string, { service: MappedService; path: string; readOnly: boolean }[]>();
  for (const m of mapped)
    for (const mount of m.volumeMounts)
      byVolume.set(mount.volume, [...(byVolume.get(mount.volume) ?? []), { service: m, ...mount }]);
  for (const [volume, mounts] of byVolume) {
    if (!mounts.some((x) => !x.readOnly)) {
      report.left.push({
        item: `volumes.${volume}`,
        why: "every service mounts it read-only, so nothing in the app writes it",
        todo: "bake its files into the image, or declare it under volumes: and fill it once",
      });
      continue;
    }
    const name = berthName(volume);
    volumes[name] = {};
    for (const { service, path } of mounts)
      service.berth.volumes = {
        ...((service.berth.volumes as Record<string, string> | undefined) ?? {}),
        [name]: path,
      };
    report.mapped.push(
      `volumes.${volume} → volumes.${name}: an EFS file system, mounted by ${mounts.map((x) => x.service.name).join(", ")}`,
    );
    const first = mounts.find((x) => !x.readOnly)!;
    report.steps.push(
      volumeMoveSteps(
        name,
        mounts.map((x) => x.service.name),
        { service: first.service.composeName, path: first.path },
      ),
    );
  }
  for (const volume of Object.keys(project.volumes).filter((v) => !byVolume.has(v)))
    report.assumed.push(
      `volumes.${volume} dropped: no application service mounts it (only services berth replaces or leaves, if any)`,
    );
  return Object.keys(volumes).length > 0 ? volumes : undefined;
}

/** berth has no service discovery: a service that calls another by its Compose name must go through the load balancer. */
function reportCrossCalls(mapped: MappedService[], c: Classified, report: AdoptionReport): void {
  const apps = [...c.roles].filter(([, r]) => r === "app").map(([n]) => n);
  for (const m of mapped)
    for (const [key, value] of Object.entries((m.berth.env as Record<string, string> | undefined) ?? {}))
      for (const other of apps.filter((a) => berthName(a) !== m.name && mentionsHost(value, a)))
        report.left.push({
          item: `services.${m.name}.env.${key}`,
          why: `it calls ${other} by its Compose name, and berth's services have no names on the network`,
          todo: `give ${berthName(other)} http: (its own path or host) and point ${key} at the load balancer's URL`,
        });
}
