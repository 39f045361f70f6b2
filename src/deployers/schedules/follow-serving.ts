import { UserError } from "../../exit-codes.js";
import { stackName } from "../../manifest/names.js";
import type { Manifest } from "../../manifest/types.js";
import { servingRevision } from "../release/deployment-lookup.js";
import type { ReleasePort } from "../release/release-port.js";
import type { SchedulePort } from "./schedule-port.js";
import { scheduleMoves, type ScheduleMove } from "./schedule-targets.js";

export interface ScheduleFollowPorts {
  release: ReleasePort;
  schedules: SchedulePort;
}

/**
 * What pointing the schedules at what serves did: the schedules moved, and those AWS would
 * not let berth move. A refusal is reported, never the release's outcome: what serves is
 * what the history says, and the next deploy or rollback tries again.
 */
export interface SchedulesFollowed {
  moved: ScheduleMove[];
  /** Schedules AWS would not let berth read or update; `to` is absent when the read failed. */
  failed: (Pick<ScheduleMove, "schedule" | "service"> & Partial<ScheduleMove> & { reason: string })[];
}

/**
 * After a deploy (released, rolled back by ECS, or returned to one version) and after
 * `berth rollback`: every schedule targets the task definition revision that serves its
 * service, read as status and rollback read it (the last SUCCESSFUL deployment's target,
 * deployment-lookup.ts). Reads first, then one UpdateSchedule per schedule that names
 * anything else — none when nothing changed. A rerun after an interrupt finishes the job.
 */
export async function followServing(
  m: Manifest,
  cluster: string,
  ports: ScheduleFollowPorts,
): Promise<SchedulesFollowed> {
  const schedules = Object.values(m.schedules);
  if (schedules.length === 0) return { moved: [], failed: [] };
  const group = stackName(m.app, m.environment);
  const services = [...new Set(schedules.map((s) => s.service))];
  const [serving, read] = await Promise.all([
    Promise.all(
      services.map(async (name) => [name, await servingTaskDefinition(ports.release, cluster, name)] as const),
    ),
    Promise.allSettled(schedules.map((s) => ports.schedules.target(group, s.name))),
  ]);
  const followed: SchedulesFollowed = { moved: [], failed: [] };
  const live = schedules.flatMap((s, i) => {
    const current = refusedOrValue(read[i]!, (reason) =>
      followed.failed.push({ schedule: s.name, service: s.service, reason }),
    );
    return current === REFUSED ? [] : [{ schedule: s.name, service: s.service, ...(current ? { current } : {}) }];
  });
  const moves = scheduleMoves(live, Object.fromEntries(serving));
  const results = await Promise.allSettled(
    moves.map((move) => ports.schedules.retarget(group, move.schedule, move.to)),
  );
  results.forEach((result, i) => {
    const move = moves[i]!;
    if (refusedOrValue(result, (reason) => followed.failed.push({ ...move, reason })) !== REFUSED)
      followed.moved.push(move);
  });
  return followed;
}

const REFUSED = Symbol("refused");

/** AWS refusing (a permission, a throttle) is said with the schedule; anything else is a bug in berth, and thrown. */
function refusedOrValue<T>(result: PromiseSettledResult<T>, refused: (reason: string) => void): T | typeof REFUSED {
  if (result.status === "fulfilled") return result.value;
  if (!(result.reason instanceof UserError)) throw result.reason;
  refused(result.reason.message);
  return REFUSED;
}

async function servingTaskDefinition(port: ReleasePort, cluster: string, service: string): Promise<string | undefined> {
  const live = await port.describeService(cluster, service);
  if (!live) return undefined;
  return (await servingRevision(port, cluster, service, live.createdAt))?.taskDefinition;
}

/** The same from a deploy's or rollback's ports: nothing without a schedule port or a cluster; undefined when nothing moved. */
export async function schedulesFollowServing(
  m: Manifest,
  outputs: Record<string, string>,
  release: ReleasePort,
  schedules: SchedulePort | undefined,
): Promise<SchedulesFollowed | undefined> {
  if (!schedules || !outputs.ClusterName) return undefined;
  const followed = await followServing(m, outputs.ClusterName, { release, schedules });
  return followed.moved.length > 0 || followed.failed.length > 0 ? followed : undefined;
}
