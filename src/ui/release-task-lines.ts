import type { ReleaseTaskEvent } from "../deployers/one-off/release-task-event.js";

/** Whether a release event is one of the release tasks' (they come before any deployment). */
export function isReleaseTaskEvent(event: { type: string }): event is ReleaseTaskEvent {
  return event.type.startsWith("release-task-");
}

/** A release task's event as the line the deploy prints; its log lines prefixed by the service. */
export function releaseTaskLine(event: ReleaseTaskEvent): string {
  switch (event.type) {
    case "release-task-planned":
      return event.runs
        ? `  ${event.service}: release task \`${event.command.join(" ")}\` runs once on the new task definition before any release (timeout ${minutes(event.timeoutSeconds)})`
        : `  ${event.service}: release task not run: its task definition does not change`;
    case "release-task-started":
      return `  ${event.service}: release task started: ${event.taskArn}`;
    case "release-task-status":
      return `  ${event.service}: release task ${event.status}`;
    case "release-task-log":
      return `  ${event.service} | ${event.line}`;
    case "release-task-ended":
      return `  ${event.service}: release task ${event.summary}`;
  }
}

function minutes(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}
