import { definedEnvironments, mergeOver, PREVIEW_BASE, PREVIEW_ENV, selectEnvironment } from "../environments.js";
import { PRODUCTION } from "../normalize.js";
import { problemAt, type Position, type Problem } from "../problem.js";
import { SECRET_REFERENCE } from "../schema-names.js";
import { isShared, resolveSecretName, secretIdentity, withSegment } from "../secret-names.js";
import type { PMap, PNode } from "../yaml-tree.js";

interface Reference {
  path: string;
  pos: Position;
  /** As written, with `${environment}` and `${app}` still in it. */
  reference: string;
  kind: "secretsmanager" | "ssm";
  /** The name AWS knows, filled in for the environment. */
  name: string;
}

/**
 * No environment but production reads production's secrets: a preview runs a pull request's
 * code, and staging's code is not yet reviewed for production. A reference whose name has a
 * `shared` segment is read by every environment on purpose. Production is the environment
 * named `production`, or the base (stack `<app>-default`) when none is declared.
 * `environments` are those being checked (`base` for the base, `pr-<n>` for a preview).
 */
export function checkSecretIsolation(root: PMap, environments: string[], base: string): Problem[] {
  const app = scalarText(root.entries.find((e) => e.key === "app")?.value) ?? "";
  const declaresProduction = definedEnvironments(root).some((e) => e.key === PRODUCTION);
  const production = declaresProduction ? PRODUCTION : base;
  const productionTree = declaresProduction ? merged(root, PRODUCTION) : mergeOver(root, undefined);
  if (!productionTree) return [];
  const productionNames = new Map(
    referencesOf(productionTree, app, declaresProduction ? PRODUCTION : "default").map((r) => [
      `${r.kind}:${r.name}`,
      r,
    ]),
  );
  const problems: Problem[] = [];
  for (const env of environments) {
    if (env === production || env === base) continue;
    const tree = merged(root, env);
    if (!tree) continue;
    const section = PREVIEW_ENV.test(env) ? PREVIEW_BASE : env;
    for (const r of referencesOf(tree, app, section)) {
      const read = productionNames.get(`${r.kind}:${r.name}`);
      if (!read || isShared(r.name)) continue;
      const store = r.kind === "ssm" ? "SSM parameter" : "Secrets Manager secret";
      const who = PREVIEW_ENV.test(env) ? `preview ${env}` : env;
      const message = `${who} would read production's ${store} ${r.name}`;
      const hint =
        `name it per environment, such as ${withSegment(r.reference, "${environment}")}, ` +
        `or, if every environment is meant to read it, mark it shared: ${withSegment(r.reference, "shared")}`;
      problems.push({ ...problemAt(r.pos, r.path, message, hint), env });
    }
  }
  return problems;
}

function merged(root: PMap, env: string): PMap | undefined {
  const selection = selectEnvironment(root, env);
  return selection.ok ? mergeOver(root, selection.overrides) : undefined;
}

/** Every well-formed secret reference of the merged manifest, with its name filled in for `environment`. */
function referencesOf(tree: PMap, app: string, environment: string): Reference[] {
  const references: Reference[] = [];
  for (const service of entriesOf(tree, "services")) {
    if (service.value.kind !== "map") continue;
    for (const secret of entriesOf(service.value, "secrets")) {
      const reference = scalarText(secret.value);
      // Only a valid reference is named in a message: anything else may be a pasted value.
      if (reference === undefined || !SECRET_REFERENCE.test(reference)) continue;
      references.push({
        path: `services.${service.key}.secrets.${secret.key}`,
        pos: secret.value.pos,
        reference,
        ...secretIdentity(resolveSecretName(reference, { app, environment })),
      });
    }
  }
  return references;
}

function entriesOf(map: PMap, key: string) {
  const value = map.entries.find((e) => e.key === key)?.value;
  return value?.kind === "map" ? value.entries : [];
}

function scalarText(node: PNode | undefined): string | undefined {
  return node?.kind === "scalar" && typeof node.value === "string" ? node.value : undefined;
}
