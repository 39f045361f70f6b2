import type { ReleaseEvent } from "../release/release-service.js";

/** The release task running now, if any: what an interrupt stops. */
export interface RunningReleaseTask {
  service: string;
  cluster: string;
  taskArn: string;
}

export function trackReleaseTask(
  running: RunningReleaseTask | undefined,
  event: ReleaseEvent,
): RunningReleaseTask | undefined {
  if (event.type === "release-task-started")
    return { service: event.service, cluster: event.cluster, taskArn: event.taskArn };
  if (event.type === "release-task-ended" && event.taskArn === running?.taskArn) return undefined;
  return running;
}

export const RELEASE_TASK_INTERRUPTED = "berth was interrupted during the release task";

/** What an interrupt did with the release task: it is always stopped, as nothing may be released after it. */
export function releaseTaskLeftLine(task: RunningReleaseTask, stopped: boolean): string {
  return stopped
    ? `  ${task.service}: release task stopped (StopTask); nothing was released, every service serves what it served; ${task.taskArn}`
    : `  ${task.service}: the release task could not be stopped and may still run: ${task.taskArn}; nothing was released`;
}
