import { posix } from "node:path";
import { dotenv, environmentEntries } from "./compose-values.js";
import { isCredential } from "./credentials.js";
import type { ComposeService } from "./compose-read.js";
import { addSecretToCreate, type AdoptionReport } from "./report.js";
import { berthName, envName } from "./names.js";

/** What each other Compose service is, by name: what a variable naming its host must become. */
export type Roles = Map<string, "database" | "broker" | "cache" | "other-data" | "app" | "proxy">;

export interface EnvContext {
  app: string;
  /** The Compose project's directory, relative to the manifest's: `env_file` paths start there. */
  projectDir: string;
  read: (path: string) => string | undefined;
  vars: Record<string, string | undefined>;
  roles: Roles;
  /** Compose secrets the database service reads: its password, which berth replaces with IAM sign-in. */
  databaseSecrets: Set<string>;
  report: AdoptionReport;
}

export interface MappedEnv {
  env: Record<string, string>;
  secrets: Record<string, string>;
  /** Backing services a variable pointed at, by name. */
  pointsAt: Set<string>;
  /** Celery's broker named by a cache's variable (`CACHE_URL`): the same Redis serves as a cache too. */
  cachesOnBroker: Set<string>;
}

/** A variable that names a cache by its name: Django's `CACHE_URL`, `REDIS_CACHE_URL`, `CACHE_LOCATION`. */
const CACHE_VARIABLE = /CACHE/;

/** Connection settings for the database, which berth replaces with its own (not `DB_POOL_SIZE` and the like). */
const DATABASE_VARIABLE =
  /^(POSTGRES|MYSQL|MARIADB|DB|DATABASE)_(HOST|PORT|NAME|USER|USERNAME|PASSWORD|PASS|URL|URI|DATABASE|DB|SERVER)$|^PG(HOST|PORT|USER|PASSWORD|DATABASE)$/;
const BROKER_VARIABLE = /^(CELERY_)?BROKER_URL$|^CELERY_RESULT_BACKEND$/;

/** Whether a value names a host: `postgres://u:p@db:5432/x`, `db`, `redis://redis/0`. */
export function mentionsHost(value: string, host: string): boolean {
  const escaped = host.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[@/=,;\\s(])${escaped}(?=[:/,;\\s)]|$)`).test(value);
}

/**
 * A service's `env_file` and `environment` (later wins, as in Compose) as berth's `env` and
 * `secrets`. Credentials become Secrets Manager references to create — never literals; values
 * that point at the database, broker or cache are dropped, as berth passes its own.
 */
export function mapEnvironment(name: string, service: ComposeService, ctx: EnvContext): MappedEnv {
  const where = `services.${name}`;
  const values = new Map<string, { value: string | undefined; from: string }>();
  for (const file of envFiles(service.env_file)) {
    const path = posix.join(ctx.projectDir, file.path);
    const text = ctx.read(path);
    if (text === undefined) {
      if (file.required)
        ctx.report.left.push({
          item: `${where}.env_file ${file.path}`,
          why: "the file is not there to read",
          todo: `add its variables to env: or secrets: of ${name} by hand`,
        });
      continue;
    }
    for (const [k, v] of Object.entries(dotenv(text))) values.set(k, { value: v, from: `env_file ${file.path}` });
  }
  for (const [k, v] of environmentEntries(service.environment))
    values.set(k, { value: v ?? ctx.vars[k], from: `${where}.environment` });

  const out: MappedEnv = { env: {}, secrets: {}, pointsAt: new Set(), cachesOnBroker: new Set() };
  for (const [key, { value, from }] of values) {
    if (value === undefined) {
      ctx.report.left.push({
        item: `${where}.environment.${key}`,
        why: "it takes its value from the shell that runs docker compose, which berth does not see",
        todo: `set it under env: (or secrets:, if it is one) of ${name}`,
      });
      continue;
    }
    const target = [...ctx.roles].find(
      ([host, role]) => role !== "app" && role !== "proxy" && mentionsHost(value, host),
    );
    const has = (role: string) => [...ctx.roles.values()].includes(role as never);
    const byName =
      DATABASE_VARIABLE.test(key) && has("database")
        ? "database"
        : BROKER_VARIABLE.test(key) && has("broker")
          ? "broker"
          : undefined;
    if (target || byName) {
      const [host, named] = target ?? ["", byName!];
      const role = named === "broker" && CACHE_VARIABLE.test(key) ? "cache" : named;
      if (role !== named) out.cachesOnBroker.add(host);
      if (host) out.pointsAt.add(host);
      if (role === "database") out.pointsAt.add([...ctx.roles].find(([, r]) => r === "database")![0]);
      ctx.report.assumed.push(`${where}: ${key} dropped: ${replacedBy(role, host)}`);
      continue;
    }
    if (isCredential(key, value)) {
      const reference = `secretsmanager:${ctx.app}/${key}`;
      out.secrets[key] = reference;
      addSecretToCreate(ctx.report, reference, `the value of ${key} in ${from}`);
      continue;
    }
    // berth.yml reads ${VAR} too: a literal one is written $${VAR} (docs/manifest.md).
    out.env[key] = value.replace(/\$\{/g, () => "$${");
  }
  mapComposeSecrets(name, service, ctx, out);
  return out;
}

function replacedBy(role: string, host: string): string {
  const at = host ? ` (it named compose service ${host})` : "";
  if (role === "database")
    return `berth gives services that use the database DATABASE_HOST, DATABASE_PORT, DATABASE_NAME and DATABASE_USER, signed in with IAM, no password${at}`;
  if (role === "broker") return `the broker is an SQS queue now, see the Celery step below${at}`;
  if (role === "cache") {
    const cache = `CACHE_${envName(berthName(host))}`;
    return `berth gives services that use the cache ${cache}_URL and ${cache}_AUTH_TOKEN instead${at}`;
  }
  return `the service it pointed at is not mapped, see "left"${at}`;
}

/** Compose's file secrets (`/run/secrets/NAME`) become environment variables from Secrets Manager. */
function mapComposeSecrets(name: string, service: ComposeService, ctx: EnvContext, out: MappedEnv): void {
  if (!Array.isArray(service.secrets)) return;
  for (const entry of service.secrets) {
    const source = typeof entry === "string" ? entry : String((entry as Record<string, unknown>).source);
    if (ctx.databaseSecrets.has(source)) {
      ctx.report.assumed.push(
        `services.${name}.secrets ${source} dropped: it is the database's password, and berth's services sign in with IAM instead`,
      );
      continue;
    }
    const variable = source.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
    const reference = `secretsmanager:${ctx.app}/${source}`;
    out.secrets[variable] = reference;
    addSecretToCreate(ctx.report, reference, `compose secret ${source} (its file)`);
    ctx.report.assumed.push(
      `services.${name}.secrets ${source}: passed as environment variable ${variable}, not as the file /run/secrets/${source}; read the variable`,
    );
  }
}

function envFiles(value: unknown): { path: string; required: boolean }[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((f) =>
    typeof f === "string"
      ? { path: f, required: true }
      : {
          path: String((f as Record<string, unknown>).path),
          required: (f as Record<string, unknown>).required !== false,
        },
  );
}
