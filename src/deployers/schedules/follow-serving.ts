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

/** What pointing the schedules at what serves did: the schedules moved, and those AWS would not let berth move. */
export interface SchedulesFollowed {
  moved: ScheduleMove[];
  failed: (ScheduleMove & { reason: string })[];
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
  const [serving, live] = await Promise.all([
    Promise.all(
      services.map(async (name) => [name, await servingTaskDefinition(ports.release, cluster, name)] as const),
    ),
    Promise.all(
      schedules.map(async (s) => ({
        schedule: s.name,
        service: s.service,
        current: await ports.schedules.target(group, s.name),
      })),
    ),
  ]);
  const moves = scheduleMoves(live, Object.fromEntries(serving));
  const results = await Promise.allSettled(
    moves.map((move) => ports.schedules.retarget(group, move.schedule, move.to)),
  );
  const followed: SchedulesFollowed = { moved: [], failed: [] };
  results.forEach((result, i) => {
    const move = moves[i]!;
    if (result.status === "fulfilled") followed.moved.push(move);
    // AWS refusing (a permission, a throttle) is said with the schedule; anything else is a bug in berth.
    else if (result.reason instanceof UserError) followed.failed.push({ ...move, reason: result.reason.message });
    else throw result.reason;
  });
  return followed;
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
