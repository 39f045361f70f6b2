import { closest, didYouMean } from "./did-you-mean.js";
import { problemAt, type Problem } from "./problem.js";
import type { PEntry, PMap, PNode } from "./yaml-tree.js";

/** `--env pr-42` is a preview environment built on the `preview` section, when there is one. */
export const PREVIEW_ENV = /^pr-\d{1,8}$/;
export const PREVIEW_BASE = "preview";

export function definedEnvironments(root: PMap): PEntry[] {
  const section = root.entries.find((e) => e.key === "environments")?.value;
  return section?.kind === "map" ? section.entries : [];
}

export type Selection = { ok: true; overrides: PMap | undefined; preview: boolean } | { ok: false; problem: Problem };

/** Finds the overrides for the chosen environment, or says which names exist. */
export function selectEnvironment(root: PMap, name: string): Selection {
  const defined = definedEnvironments(root);
  const preview = PREVIEW_ENV.test(name);
  const wanted = preview ? PREVIEW_BASE : name;
  const entry = defined.find((e) => e.key === wanted);
  if (entry)
    return {
      ok: true,
      overrides: entry.value.kind === "map" ? withoutNewServices(entry.value, root) : undefined,
      preview,
    };
  if (preview) return { ok: true, overrides: undefined, preview };
  if (defined.length === 0) return { ok: false, problem: noEnvironments(root, name) };
  const names = defined.map((e) => e.key);
  const listed = `defined here: ${names.join(", ")}`;
  return {
    ok: false,
    problem: problemAt(
      root.pos,
      "environments",
      `environment "${name}" is not defined${environmentMeant(name, names)}`,
      `${listed}; pr-<number> selects a preview environment`,
    ),
  };
}

/**
 * `-e production` on a manifest without environments: the mistake is the flag, not a line of
 * the file, so the problem names the file as a whole (line 0) and the one environment there is.
 */
function noEnvironments(root: PMap, name: string): Problem {
  return problemAt(
    { file: root.pos.file, line: 0, col: 0 },
    "",
    `environment "${name}" is not defined: this manifest defines no environments, so its only environment is default`,
    `leave out -e (or pass -e default), or add \`environments: { ${name}: {} }\` to deploy ${name} as an environment of its own`,
  );
}

// Short names people type for the usual environments.
const ABBREVIATIONS: Record<string, string[]> = {
  production: ["prod", "prd", "live"],
  staging: ["stage", "stg"],
  development: ["dev"],
};

/** `prod` → production: a typo, the start of exactly one name, or a usual abbreviation of one. */
export function environmentMeant(name: string, names: string[]): string {
  const lower = name.toLowerCase();
  const starting = names.filter((n) => lower.length >= 2 && n.toLowerCase().startsWith(lower));
  const abbreviated = names.filter((n) => ABBREVIATIONS[n.toLowerCase()]?.includes(lower));
  const match =
    closest(name, names) ??
    (starting.length === 1 ? starting[0] : undefined) ??
    (abbreviated.length === 1 ? abbreviated[0] : undefined);
  return match === undefined ? "" : `; did you mean ${match}?`;
}

/** `pr-7` is chosen on the command line, never declared; `default` is the base itself. */
export function checkDeclaredNames(root: PMap): Problem[] {
  return definedEnvironments(root).flatMap((e) => {
    const path = `environments.${e.key}`;
    if (PREVIEW_ENV.test(e.key))
      return [
        problemAt(
          e.keyPos,
          path,
          `"${e.key}" is reserved for preview environments`,
          `declare \`${PREVIEW_BASE}:\` instead; it is the base of every pr-<number> environment`,
        ),
      ];
    if (e.key === "default")
      return [
        problemAt(
          e.keyPos,
          path,
          '"default" is the name of the base itself',
          "set these values at the top level, or pick another name",
        ),
      ];
    return [];
  });
}

/** Environments may change the services of the base but not add new ones. */
export function checkOverriddenServices(root: PMap): Problem[] {
  const services = mapEntries(root, "services").map((e) => e.key);
  const problems: Problem[] = [];
  for (const env of definedEnvironments(root)) {
    if (env.value.kind !== "map") continue;
    for (const service of mapEntries(env.value, "services")) {
      if (services.includes(service.key)) continue;
      problems.push(
        problemAt(
          service.keyPos,
          `environments.${env.key}.services.${service.key}`,
          `service "${service.key}" is not defined in the base services${didYouMean(service.key, services)}`,
          "environments change existing services; declare a new service under the top-level services",
        ),
      );
    }
  }
  return problems;
}

/** Services an environment tries to add are reported once (checkOverriddenServices) and left out of the merge. */
function withoutNewServices(overrides: PMap, root: PMap): PMap {
  const known = new Set(mapEntries(root, "services").map((e) => e.key));
  const entries = overrides.entries.map((entry) => {
    if (entry.key !== "services" || entry.value.kind !== "map") return entry;
    return { ...entry, value: { ...entry.value, entries: entry.value.entries.filter((s) => known.has(s.key)) } };
  });
  return { ...overrides, entries };
}

function mapEntries(map: PMap, key: string): PEntry[] {
  const value = map.entries.find((e) => e.key === key)?.value;
  return value?.kind === "map" ? value.entries : [];
}

/**
 * Deep-merges an environment over the base: maps merge key by key, anything else
 * (scalars, lists) replaces, and an explicit null removes the key. Every node keeps
 * the position it was written at.
 */
export function mergeOver(base: PMap, overrides: PMap | undefined): PMap {
  const entries = base.entries.filter((e) => e.key !== "environments");
  return overrides ? mergeMaps({ ...base, entries }, overrides) : { ...base, entries };
}

function mergeMaps(base: PMap, over: PMap): PMap {
  const entries = [...base.entries];
  for (const entry of over.entries) {
    const index = entries.findIndex((e) => e.key === entry.key);
    if (isNull(entry.value)) {
      if (index >= 0) entries.splice(index, 1);
      continue;
    }
    const existing = index >= 0 ? entries[index] : undefined;
    const value: PNode =
      existing?.value.kind === "map" && entry.value.kind === "map"
        ? mergeMaps(existing.value, entry.value)
        : entry.value;
    const merged = { key: entry.key, keyPos: existing?.keyPos ?? entry.keyPos, value };
    if (index >= 0) entries[index] = merged;
    else entries.push(merged);
  }
  return { ...base, entries };
}

function isNull(node: PNode): boolean {
  return node.kind === "scalar" && node.value === null;
}
