import { releasesOnly, type ReleaseRecord, type ServiceReleaseRecord } from "../history/release-record.js";
import { servedAtEnd } from "../history/serving-version.js";

export type RollbackTarget =
  { ok: true; record: ReleaseRecord; services: ServiceReleaseRecord[] } | { ok: false; reason: string; fix: string };

/** Whether the record says what the service served when the release ended. */
function served(r: ServiceReleaseRecord): boolean {
  return servedAtEnd(r) !== undefined;
}

/**
 * Where a rollback returns: the release named by `--to`, or else the last successful
 * release before the current one (the newest successful release, which is what serves)
 * that served something different for the services asked about. History is newest first.
 */
export function chooseRollbackTarget(
  records: ReleaseRecord[],
  options: { to?: string; services?: string[] },
): RollbackTarget {
  // A run (berth run) put nothing live: it is neither what serves nor a release to return to.
  const history = releasesOnly(records);
  const wanted = (r: ReleaseRecord) =>
    r.services.filter((s) => served(s) && (!options.services || options.services.includes(s.service)));
  if (options.to !== undefined) {
    const record = history.find((r) => r.id === options.to);
    if (!record)
      return {
        ok: false,
        reason: `release ${options.to} is not in this environment's history`,
        fix: "pick an id from berth releases",
      };
    if (record.outcome !== "succeeded")
      return {
        ok: false,
        reason: `release ${record.id} did not succeed (${record.outcome}); it never served as a whole`,
        fix: "pick a succeeded release from berth releases",
      };
    const services = wanted(record);
    if (services.length === 0)
      return {
        ok: false,
        reason: `release ${record.id} recorded no task definition for ${options.services?.join(", ") ?? "any service"}`,
        fix: "pick another release from berth releases",
      };
    return { ok: true, record, services };
  }
  const succeeded = history.filter((r) => r.outcome === "succeeded" && r.kind !== "destroy");
  const current = succeeded[0];
  if (!current)
    return {
      ok: false,
      reason: "no successful release in this environment's history",
      fix: "deploy a version first; berth rollback returns to recorded releases",
    };
  const serving = new Map(wanted(current).map((s) => [s.service, servedAtEnd(s)]));
  // After a rollback, what serves is the release it returned to: a second rollback goes before
  // that one, never forward to the release the first rolled back from.
  const returnedTo = current.kind === "rollback" ? history.findIndex((r) => r.id === current.rollbackTo) : -1;
  const older = returnedTo >= 0 ? history.slice(returnedTo + 1) : succeeded.slice(1);
  for (const record of older.filter((r) => succeeded.includes(r))) {
    const services = wanted(record);
    if (services.some((s) => serving.get(s.service) !== servedAtEnd(s))) return { ok: true, record, services };
  }
  return {
    ok: false,
    reason: `no successful release before ${current.id} served anything different`,
    fix: "name a release with --to (berth releases lists them)",
  };
}
