import type { ReleaseRecord, ServiceReleaseRecord } from "./release-record.js";

/**
 * What the history says serves, and at which version (docs/architecture.md, "One version per
 * environment"). ECS creates no service revision for a rollback, so a task definition names
 * its version through the release that first shipped it, never through a later release that
 * returned to it or kept it.
 */

/** The task definition a service served when a release ended, as its record says it. */
export function servedAtEnd(entry: ServiceReleaseRecord): string | undefined {
  if (entry.servingTaskDefinition) return entry.servingTaskDefinition;
  return entry.result === "released" || entry.result === "unchanged" ? entry.taskDefinition : undefined;
}

/** The environment's version when a release ended: one version, or undefined when mixed or unknown. */
export function versionAtEnd(r: ReleaseRecord): string | undefined {
  if (r.kind === "destroy") return undefined;
  if (r.servingVersion) return r.servingVersion;
  return r.outcome === "succeeded" && !r.mixedVersions ? r.version : undefined;
}

/** The release that first shipped this task definition to the service (history newest first). */
export function firstShipped(
  history: ReleaseRecord[],
  service: string,
  taskDefinition: string,
): { release: string; version: string } | undefined {
  const names = (r: ReleaseRecord, results: string[]) =>
    r.services.some((s) => s.service === service && s.taskDefinition === taskDefinition && results.includes(s.result));
  // A service a deploy released then returned was shipped too, for the time it served.
  const shipped =
    history.filter((r) => r.kind === "deploy" && names(r, ["released", "rolled-back"])).at(-1) ??
    history.filter((r) => names(r, ["released"])).at(-1) ??
    history.filter((r) => names(r, ["unchanged"])).at(-1);
  return shipped ? { release: shipped.id, version: shipped.version } : undefined;
}

/**
 * The newest release at whose end every service served what serves now: the environment is
 * at that release's version. None means the services serve what no one release left (mixed),
 * or the history is too short to say.
 */
export function releaseServingAll(
  history: ReleaseRecord[],
  serving: Record<string, string>,
): ReleaseRecord | undefined {
  const services = Object.keys(serving);
  return history.find((r) => {
    if (r.outcome === "in-progress" || versionAtEnd(r) === undefined) return false;
    return services.every((name) => {
      const entry = r.services.find((s) => s.service === name);
      return entry !== undefined && servedAtEnd(entry) === serving[name];
    });
  });
}

/**
 * A finished record completed with what served at its end: each service's task definition
 * (one a release did not touch keeps what the release before recorded), and the environment's
 * version — this release's when every service moved to it, the one before when none did,
 * else each service's (mixed).
 */
export function withServingVersions(record: ReleaseRecord, history: ReleaseRecord[]): ReleaseRecord {
  // Nothing served before a destroy survives it.
  const destroyed = history.findIndex((r) => r.kind === "destroy");
  const earlier = destroyed < 0 ? history : history.slice(0, destroyed);
  const before = earlier.find((r) => r.id !== record.id && r.outcome !== "in-progress");
  const previousVersion = earlier
    .filter((r) => r.id !== record.id)
    .map(versionAtEnd)
    .find((v) => v !== undefined);
  const touched = record.services.map((s) => {
    const served = servedAtEnd(s) ?? (before ? carried(before, s.service) : undefined);
    return served ? { ...s, servingTaskDefinition: served } : s;
  });
  // A service this release did not touch (`rollback --service`) keeps what the release before left serving.
  const untouched = (before?.services ?? []).flatMap((s): ServiceReleaseRecord[] => {
    const served = servedAtEnd(s);
    if (!served || s.result === "removed" || touched.some((t) => t.service === s.service)) return [];
    return [{ service: s.service, result: "unchanged", images: {}, servingTaskDefinition: served }];
  });
  const services = [...touched, ...untouched];
  const moved = services.filter((s) => s.result === "released");
  const behind = services.filter((s) => s.result !== "released" && s.result !== "unchanged" && s.result !== "removed");
  const { servingVersion: _v, mixedVersions: _m, ...rest } = record;
  if (behind.length === 0) return { ...rest, services, servingVersion: record.version };
  if (moved.length === 0) return { ...rest, services, ...(previousVersion ? { servingVersion: previousVersion } : {}) };
  const mixedVersions = Object.fromEntries(
    [...moved, ...behind].map((s) => [
      s.service,
      s.result === "released" ? record.version : (previousVersion ?? "the version before"),
    ]),
  );
  return { ...rest, services, mixedVersions };
}

function carried(before: ReleaseRecord, service: string): string | undefined {
  const entry = before.services.find((s) => s.service === service);
  return entry ? servedAtEnd(entry) : undefined;
}
