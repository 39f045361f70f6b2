import { parseDocument } from "yaml";
import { interpolate } from "./compose-values.js";
import type { AdoptionRefusal } from "./report.js";

export interface ComposeFile {
  path: string;
  text: string;
}

/** The Compose project after merging every file and interpolating: plain data, as Compose sees it. */
export interface ComposeProject {
  /** The project's `name:`, which names its containers and volumes. */
  name?: string;
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
  secrets: Record<string, unknown>;
  /** Top-level keys berth does not read (`networks`, `configs`, `x-…`), for the report. */
  otherKeys: string[];
  /** Variables the files name that neither the shell nor `.env` set (Compose makes them empty). */
  unset: string[];
}

export type ComposeService = Record<string, unknown>;

/** Keys whose list replaces the earlier file's instead of adding to it (Compose specification, "Merge"). */
const REPLACED_LISTS = new Set(["command", "entrypoint", "test"]);
/** Lists that are maps in disguise (`KEY=VALUE`), merged key by key. */
const KEYED_LISTS = new Set(["environment", "labels", "extra_hosts", "annotations", "sysctls"]);

/**
 * Reads and merges Compose files the way `docker compose -f a.yml -f b.yml` does: maps merge
 * key by key, a later scalar wins, `command`, `entrypoint` and `healthcheck.test` are replaced,
 * `environment` and `labels` merge by name, `volumes` by their target path, and other lists
 * add what they lack. Values are interpolated from the shell's variables, then `.env`'s.
 * https://github.com/compose-spec/compose-spec/blob/main/13-merge.md
 */
export function readCompose(
  files: ComposeFile[],
  vars: Record<string, string | undefined>,
): { ok: true; project: ComposeProject } | AdoptionRefusal {
  let merged: Record<string, unknown> = {};
  const unset = new Set<string>();
  for (const file of files) {
    const doc = parseDocument(file.text, { merge: true, prettyErrors: false });
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      return {
        ok: false,
        message: `${file.path}:${pos?.line ?? 1}:${pos?.col ?? 1}: not valid YAML: ${error.message.split("\n")[0]}`,
        hint: "fix the file (docker compose config shows how Compose reads it), then run init again",
      };
    }
    const data = doc.toJS() as unknown;
    if (data === null || typeof data !== "object" || Array.isArray(data))
      return {
        ok: false,
        message: `${file.path}: not a Compose file (no top-level map)`,
        hint: "pass a docker-compose.yml or compose.yaml",
      };
    merged = mergeMaps(merged, interpolateAll(data, vars, unset) as Record<string, unknown>);
  }
  const services = merged.services;
  if (services === null || typeof services !== "object" || Object.keys(services).length === 0)
    return {
      ok: false,
      message: `${files.map((f) => f.path).join(", ")}: no services`,
      hint: "a Compose file lists its containers under services:",
    };
  const { volumes, secrets, services: _s, version: _v, name, ...rest } = merged;
  return {
    ok: true,
    project: {
      services: services as Record<string, ComposeService>,
      volumes: (volumes ?? {}) as Record<string, unknown>,
      secrets: (secrets ?? {}) as Record<string, unknown>,
      otherKeys: Object.keys(rest),
      ...(typeof name === "string" ? { name } : {}),
      unset: [...unset].sort(),
    },
  };
}

function interpolateAll(value: unknown, vars: Record<string, string | undefined>, unset: Set<string>): unknown {
  if (typeof value === "string") return interpolate(value, vars, unset);
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, vars, unset));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, vars, unset)]));
  return value;
}

function mergeMaps(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = mergeValue(out[key], value, key);
  return out;
}

function mergeValue(base: unknown, over: unknown, key: string): unknown {
  if (base === undefined) return over;
  if (KEYED_LISTS.has(key)) return { ...asMap(base), ...asMap(over) };
  if (Array.isArray(base) && Array.isArray(over)) {
    if (REPLACED_LISTS.has(key)) return over;
    if (key === "volumes") return byTarget(base, over);
    const seen = new Set(base.map((v) => JSON.stringify(v)));
    return [...base, ...over.filter((v) => !seen.has(JSON.stringify(v)))];
  }
  if (isMap(base) && isMap(over)) return mergeMaps(base, over);
  return over;
}

function byTarget(base: unknown[], over: unknown[]): unknown[] {
  const target = (v: unknown) => (isMap(v) ? String(v.target) : (String(v).split(":")[1] ?? String(v)));
  const replaced = new Set(over.map(target));
  return [...base.filter((v) => !replaced.has(target(v))), ...over];
}

function asMap(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((entry) => {
        const text = String(entry);
        const equals = text.indexOf("=");
        return equals < 0 ? [text, null] : [text.slice(0, equals), text.slice(equals + 1)];
      }),
    );
  }
  return isMap(value) ? value : {};
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
