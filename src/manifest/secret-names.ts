/**
 * Secret references that name their environment (docs/manifest.md, "Secrets stay in their
 * environment"): `secretsmanager:${environment}/stripe#key` reads `production/stripe` in
 * production and `preview/stripe` in every pr-<n>, so a pull request's code never holds
 * production's key. `${app}` names the app. A name with a `shared` segment
 * (`secretsmanager:shared/stripe-publishable`, `ssm:/cassandra/shared/sentry-dsn`) is read by
 * every environment on purpose.
 */

/** The variables berth fills in inside a secret reference; the process environment's are not read for them. */
export const SECRET_NAME_VARIABLES = ["app", "environment"] as const;

/** The path segment that marks a secret every environment may read. */
export const SHARED_SEGMENT = "shared";

const SECRET_PATH = /(?:^|\.)services\.[^.]+\.secrets\.[^.]+$/;

/** `services.web.secrets.KEY`, in the base or in an environment's section. */
export function isSecretReference(path: string): boolean {
  return SECRET_PATH.test(path);
}

export interface SecretNameContext {
  app: string;
  /** The environment's section: `production`, `staging`, `preview` for every pr-<n>, `default` for the base. */
  environment: string;
}

/** `${app}` and `${environment}` filled in. */
export function resolveSecretName(reference: string, context: SecretNameContext): string {
  return reference.replaceAll("${app}", context.app).replaceAll("${environment}", context.environment);
}

/** The name as AWS knows it, without the scheme and the JSON key: what two environments would share. */
export function secretIdentity(reference: string): { kind: "secretsmanager" | "ssm"; name: string } {
  const colon = reference.indexOf(":");
  const scheme = reference.slice(0, colon);
  const body = reference.slice(colon + 1);
  if (scheme === "ssm") return { kind: "ssm", name: body };
  const hash = body.lastIndexOf("#");
  return { kind: "secretsmanager", name: hash < 0 ? body : body.slice(0, hash) };
}

export function isShared(name: string): boolean {
  return name.split("/").includes(SHARED_SEGMENT);
}

// Segments that say "production" in a name written for it: `prod/stripe` becomes `${environment}/stripe`.
const PRODUCTION_SEGMENTS = new Set(["prod", "production", "prd", "live"]);

/**
 * The reference rewritten with `segment` in place of a production-named segment, or before its
 * last segment: `secretsmanager:prod/stripe#key` → `secretsmanager:${environment}/stripe#key`,
 * `ssm:/cassandra/api-token` → `ssm:/cassandra/${environment}/api-token`.
 */
export function withSegment(reference: string, segment: string): string {
  const colon = reference.indexOf(":");
  const body = reference.slice(colon + 1);
  const hash = reference.startsWith("ssm:") ? -1 : body.lastIndexOf("#");
  const name = hash < 0 ? body : body.slice(0, hash);
  const key = hash < 0 ? "" : body.slice(hash);
  const parts = name.split("/");
  const production = parts.findIndex((p) => PRODUCTION_SEGMENTS.has(p.toLowerCase()));
  if (production >= 0) parts[production] = segment;
  else parts.splice(parts.length - 1, 0, segment);
  return `${reference.slice(0, colon + 1)}${parts.join("/")}${key}`;
}
