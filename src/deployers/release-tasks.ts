import { EXIT, UserError } from "../exit-codes.js";
import type { ReleaseRecord } from "./history/release-record.js";
import type { ServiceLogGroup } from "./service-logs.js";

/**
 * `berth logs --release ID`: only the lines of one release's tasks. A release's tasks are
 * the service's tasks running its task definition; ECS lists stopped tasks for about an hour
 * only (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html).
 * The awslogs driver names each stream `<prefix>/<container>/<task id>`, and berth's prefix
 * is the service's name (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html).
 */
export interface ReleaseTasksPort {
  /** The service's tasks ECS still lists, running and stopped. */
  tasks(cluster: string, service: string): Promise<ServiceTask[]>;
}

export interface ServiceTask {
  taskArn: string;
  taskDefinition: string;
  containers: string[];
}

/** The log streams of the release's tasks, per service group; a note for each service it cannot show. */
export function releaseStreams(
  release: ReleaseRecord,
  groups: ServiceLogGroup[],
  tasksByService: Record<string, ServiceTask[]>,
): { groups: ServiceLogGroup[]; notes: string[] } {
  const notes: string[] = [];
  const chosen: ServiceLogGroup[] = [];
  for (const group of groups) {
    const taskDefinition = release.services.find((s) => s.service === group.service)?.taskDefinition;
    if (!taskDefinition) {
      notes.push(`${group.service}: release ${release.id} has no task definition for it`);
      continue;
    }
    const tasks = (tasksByService[group.service] ?? []).filter((t) => t.taskDefinition === taskDefinition);
    if (tasks.length === 0) {
      notes.push(
        `${group.service}: ECS no longer lists the tasks of release ${release.id} ` +
          "(they stopped more than about an hour ago), so their lines cannot be told apart",
      );
      continue;
    }
    const logStreamNames = tasks.flatMap((t) => {
      const id = t.taskArn.slice(t.taskArn.lastIndexOf("/") + 1);
      return t.containers.map((container) => `${group.service}/${container}/${id}`);
    });
    chosen.push({ ...group, logStreamNames });
  }
  return { groups: chosen, notes };
}

/** Reads the release and its services' tasks, and narrows the groups to those tasks' streams. */
export async function releaseLogGroups(
  release: ReleaseRecord | undefined,
  request: { id: string; environment: string; cluster: string | undefined },
  groups: ServiceLogGroup[],
  port: ReleaseTasksPort,
  note: (message: string) => void,
): Promise<ServiceLogGroup[]> {
  if (!release)
    throw new UserError(
      `there is no release ${request.id} in environment ${request.environment}`,
      EXIT.usage,
      `list its releases: berth releases -e ${request.environment}`,
    );
  const { cluster } = request;
  const listed = cluster
    ? await Promise.all(groups.map(async (g) => [g.service, await port.tasks(cluster, g.service)] as const))
    : [];
  const chosen = releaseStreams(release, groups, Object.fromEntries(listed));
  for (const line of chosen.notes) note(line);
  return chosen.groups;
}
