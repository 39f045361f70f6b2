import { checkExistingData } from "./rules/existing-data-rules.js";
import { readFileSync } from "node:fs";
import { checkShape, type ShapeCache } from "./check-shape.js";
import {
  checkDeclaredNames,
  checkOverriddenServices,
  definedEnvironments,
  mergeOver,
  PREVIEW_BASE,
  PREVIEW_ENV,
  selectEnvironment,
} from "./environments.js";
import { checkLoadBalancerCapacity, checkLoadBalancerIds } from "./load-balancers.js";
import { normalize } from "./normalize.js";
import { problemAt, sortProblems, type Position, type Problem } from "./problem.js";
import type { RawManifest } from "./raw.js";
import { RuleContext } from "./rules/context.js";
import { checkCredentialsInEnv } from "./rules/credential-rules.js";
import { checkCertificate, checkDatabase, checkDataApiRegion, checkNetwork } from "./rules/infrastructure-rules.js";
import { checkPreviewCertificate, checkPreviewOnlyKeys } from "./rules/preview-rules.js";
import { checkReferences } from "./rules/reference-rules.js";
import { checkSchedules } from "./rules/schedule-rules.js";
import { checkSecretIsolation } from "./rules/secret-isolation.js";
import { checkService } from "./rules/service-rules.js";
import { checkContainerInsightsNeeded, checkTraceRoom } from "./rules/observability-rules.js";
import { manifestSchema } from "./schema.js";
import type { Manifest } from "./types.js";
import { parseManifestText, type PMap } from "./yaml-tree.js";

/** `environments` names those the manifest defines, so commands can ask for one. */
export type Loaded = { ok: true; manifest: Manifest; environments: string[] } | { ok: false; problems: Problem[] };

export interface LoadOptions {
  /** Environment to merge over the base. Without one, the base and every environment are checked. */
  env?: string;
  /** Variables for `${VAR}`; defaults to process.env. */
  vars?: Record<string, string | undefined>;
  /**
   * Checks of what a valid manifest renders to (AWS quotas, src/render/quotas.ts), run for each
   * environment checked; their findings are placed at the manifest key they name.
   */
  checkRendered?: (manifest: Manifest) => { path: string; message: string; hint?: string }[];
  /**
   * Refuse an environment that would read production's secrets (rules/secret-isolation.ts); on
   * unless turned off by the commands that only read or remove an environment, so an
   * environment that already reads them can still be looked at and destroyed.
   */
  secretIsolation?: boolean;
}

export const BASE_ENVIRONMENT = "base";
/** What the base is called once rendered (stack `app-default`) when no environment is chosen. */
export const DEFAULT_ENVIRONMENT = "default";

export async function loadManifest(file: string, options: LoadOptions = {}): Promise<Loaded> {
  let text: string;
  try {
    // Synchronously: node:fs/promises is not loaded yet, and loading it costs more than the read.
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === "ENOENT"
        ? "file not found"
        : code === "EISDIR"
          ? "is a directory, not a file"
          : `cannot be read (${code ?? "unknown error"})`;
    return {
      ok: false,
      problems: [
        problemAt(
          { file, line: 1, col: 1 },
          "",
          message,
          "run `berth init` to write one, or pass -f path/to/berth.yml",
        ),
      ],
    };
  }
  return loadManifestText(text, file, options);
}

/**
 * Parses and checks a manifest. Every problem in the file is reported in one pass:
 * syntax first (nothing else can be trusted without it), then shapes and rules for the
 * base and for each environment merged over it.
 */
export function loadManifestText(text: string, file: string, options: LoadOptions = {}): Loaded {
  const parsed = parseManifestText(text, file, options.vars ?? process.env);
  // With an environment chosen, a variable only another environment's section reads is not its problem.
  parsed.problems.push(
    ...parsed.unsetVariables.filter((p) => options.env === undefined || concernsEnvironment(p.path, options.env)),
  );
  const start: Position = { file, line: 1, col: 1 };
  if (!parsed.tree) {
    const problems =
      parsed.problems.length > 0
        ? parsed.problems
        : [
            problemAt(
              start,
              "",
              "the file is empty",
              "start with `app: name` and a `services:` section, or run `berth init`",
            ),
          ];
    return { ok: false, problems: sortProblems(problems) };
  }
  const root = parsed.tree;
  if (root.kind !== "map") {
    return {
      ok: false,
      problems: sortProblems([
        ...parsed.problems,
        problemAt(root.pos, "", "a manifest is a map of keys such as app: and services:"),
      ]),
    };
  }

  // With an environment chosen, only what it merges into is checked (its own section and the
  // base, through the merge); the other environments' sections are `validate`'s business.
  const shapes: ShapeCache = new WeakMap();
  const wholeFile = options.env === undefined ? checkShape(root, manifestSchema, shapes).problems : [];
  const problems: Problem[] = [
    ...parsed.problems,
    ...wholeFile,
    ...checkDeclaredNames(root),
    ...checkOverriddenServices(root),
    ...checkCredentialsInEnv(root, text),
    ...checkPreviewOnlyKeys(root),
  ];
  // `-e default` names the base, as its stack `<app>-default` does (declaring "default" is an error).
  const env = options.env === DEFAULT_ENVIRONMENT ? BASE_ENVIRONMENT : options.env;
  const targets = env === undefined ? [BASE_ENVIRONMENT, ...definedEnvironments(root).map((e) => e.key)] : [env];
  let chosen: Manifest | undefined;
  for (const target of targets) {
    const result = checkEnvironment(root, target, start, shapes, options.checkRendered);
    problems.push(...result.problems);
    if (target === (env ?? BASE_ENVIRONMENT)) chosen = result.manifest;
  }
  if (options.secretIsolation !== false) problems.push(...checkSecretIsolation(root, targets, BASE_ENVIRONMENT));
  if (problems.length > 0 || !chosen)
    return { ok: false, problems: sortProblems(withoutFollowOns(problems, parsed.unsetVariables)) };
  return { ok: true, manifest: chosen, environments: definedEnvironments(root).map((e) => e.key) };
}

/**
 * A value read from an unset variable is empty, so the key's own checks fail too: that is one
 * mistake, and the unset variable is the problem to report (its fix is the one that works).
 */
function withoutFollowOns(problems: Problem[], unset: Problem[]): Problem[] {
  // The key's last name and line: an environment's value is checked again under the merged path.
  const where = (p: Problem) => `${p.file}:${p.line}:${p.path.split(".").pop()}`;
  const unsetAt = new Set(unset.map(where));
  return problems.filter((p) => unset.includes(p) || !unsetAt.has(where(p)));
}

function concernsEnvironment(path: string, env: string): boolean {
  const section = `environments.${PREVIEW_ENV.test(env) ? PREVIEW_BASE : env}`;
  return !path.startsWith("environments.") || path === section || path.startsWith(`${section}.`);
}

function declaresNoServices(root: PMap): boolean {
  const services = root.entries.find((e) => e.key === "services")?.value;
  return (
    services !== undefined &&
    ((services.kind === "map" && services.entries.length === 0) ||
      (services.kind === "scalar" && services.value === null))
  );
}

function checkEnvironment(
  root: PMap,
  env: string,
  start: Position,
  shapes: ShapeCache,
  checkRendered: LoadOptions["checkRendered"],
): { problems: Problem[]; manifest?: Manifest } {
  let merged = mergeOver(root, undefined);
  let preview = false;
  if (env !== BASE_ENVIRONMENT) {
    const selection = selectEnvironment(root, env);
    if (!selection.ok) return { problems: [selection.problem] };
    merged = mergeOver(root, selection.overrides);
    preview = selection.preview;
  }
  const shape = checkShape(merged, manifestSchema, shapes);
  // Not a map at all: the shape check said so, and the rules find nothing more to say.
  const raw: RawManifest = shape.value ?? {};
  const ctx = new RuleContext(shape.positions, start, merged);
  if (declaresNoServices(merged))
    ctx.report(
      "services",
      "no services are defined",
      "add one, such as: services: { web: { build: ., port: 8000, http: {} } }",
    );
  for (const [name, service] of Object.entries(raw.services ?? {})) checkService(name, service, ctx);
  checkReferences(raw, ctx);
  checkSchedules(raw, ctx);
  checkLoadBalancerCapacity(raw, ctx);
  checkLoadBalancerIds(raw, ctx);
  checkNetwork(raw, ctx);
  checkDatabase(raw, ctx);
  checkExistingData(raw, ctx);
  checkDataApiRegion(raw, ctx);
  checkCertificate(raw, ctx);
  if (preview) checkPreviewCertificate(raw, ctx);
  checkTraceRoom(raw, ctx);
  checkContainerInsightsNeeded(raw, ctx);
  const tag = env === BASE_ENVIRONMENT ? {} : { env };
  const problems = [...shape.problems, ...ctx.problems].map((p) => ({ ...p, ...tag }));
  if (problems.length > 0) return { problems };
  const overridePositions = (raw.overrides ?? []).map((_, i) => ctx.at(`overrides[${i}]`));
  const manifest = normalize(raw, env === BASE_ENVIRONMENT ? DEFAULT_ENVIRONMENT : env, preview, overridePositions);
  for (const finding of checkRendered?.(manifest) ?? []) ctx.report(finding.path, finding.message, finding.hint);
  if (ctx.problems.length > 0) return { problems: ctx.problems.map((p) => ({ ...p, ...tag })) };
  return { problems, manifest };
}
