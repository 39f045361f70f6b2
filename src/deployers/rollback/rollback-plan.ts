import type { ReleaseRecord } from "../history/release-record.js";
import { firstShipped, servedAtEnd } from "../history/serving-version.js";
import { revision } from "../release/one-version.js";

/** What a rollback does to one service: move to a task definition, or stay, and why. */
export interface ServiceMove {
  service: string;
  /** What serves now (undefined: the service does not exist yet). */
  from?: string;
  /** Where it moves; absent when it stays. */
  to?: string;
  images: Record<string, string>;
  /** Why it stays, when it does. */
  stays?: string;
}

/**
 * A rollback moves the whole environment to the target release's version: every service to
 * what served when that release ended — the task definition it recorded, or for a service it
 * did not touch, what the release before it left serving. A record from before berth kept
 * what served, with nothing older to infer it from, leaves the service where it is, said so.
 * History is newest first; `serving` is what serves now, per service in scope.
 */
export function planRollback(
  target: ReleaseRecord,
  serving: Record<string, string | undefined>,
  history: ReleaseRecord[],
): ServiceMove[] {
  const older = history.slice(history.findIndex((r) => r.id === target.id) + 1);
  return Object.entries(serving).map(([service, from]): ServiceMove => {
    const base = { service, ...(from ? { from } : {}) };
    const at = servedAt(target, service) ?? inferred(older, service);
    if (!at)
      return {
        ...base,
        images: {},
        stays: target.services.some((s) => s.service === service)
          ? `release ${target.id} did not record what it served (a record from before berth kept it)`
          : `release ${target.id} and the releases before it recorded nothing for it`,
      };
    if (at.taskDefinition === from) return { ...base, images: at.images, stays: "it serves that already" };
    return { ...base, to: at.taskDefinition, images: at.images };
  });
}

function servedAt(r: ReleaseRecord, service: string) {
  const entry = r.services.find((s) => s.service === service);
  const taskDefinition = entry ? servedAtEnd(entry) : undefined;
  if (!entry || !taskDefinition) return undefined;
  // The images recorded beside a task definition are its own only when the release shipped or kept it.
  const own = entry.taskDefinition === taskDefinition;
  return { taskDefinition, images: own ? entry.images : {} };
}

/** What served for a service the target did not touch: what the newest release before it left. */
function inferred(older: ReleaseRecord[], service: string) {
  for (const r of older) {
    if (r.outcome === "in-progress") continue;
    const at = servedAt(r, service);
    if (at) return at;
  }
  return undefined;
}

/** One line per service, before anything changes: what moves where, and what stays. */
export function planLines(moves: ServiceMove[], target: ReleaseRecord, history: ReleaseRecord[]): string[] {
  const named = (service: string, taskDefinition: string | undefined) => {
    if (!taskDefinition) return "nothing (no service yet)";
    const shipped = firstShipped(history, service, taskDefinition);
    return `${revision(taskDefinition)}${shipped ? ` (version ${shipped.version}, release ${shipped.release})` : ""}`;
  };
  return moves
    .map((m) =>
      m.to
        ? `${m.service}: moves from ${named(m.service, m.from)} to ${named(m.service, m.to)}`
        : `${m.service}: stays on ${named(m.service, m.from)}: ${m.stays ?? ""}`,
    )
    .concat(`the environment returns to version ${target.servingVersion ?? target.version} (release ${target.id})`);
}
