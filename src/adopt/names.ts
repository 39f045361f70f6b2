import { NAME_LIMITS } from "../manifest/schema-names.js";

/**
 * A Compose or Copilot name made into a berth name (lowercase letters, digits and hyphens,
 * starting with a letter, at most 32): `Backend` → `backend`, `efsTestVolume` →
 * `efs-test-volume`, `db_data` → `db-data`.
 */
export function berthName(name: string, maxLength: number = NAME_LIMITS.resource): string {
  const cleaned = name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, maxLength)
    .replace(/-+$/, "");
  return cleaned === "" ? "x" : cleaned;
}

/** An environment variable name for a berth resource: `celery` → `CELERY`, as the task receives it. */
export function envName(name: string): string {
  return name.toUpperCase().replace(/-/g, "_");
}
