import type { OneOffState } from "./one-off-port.js";

/** How a one-off task ended, from berth's side. */
export type OneOffEnd =
  | { kind: "exited"; taskArn: string; exitCode: number; stoppedReason?: string; lastLines: string[] }
  | { kind: "not-started"; reason: string; taskArn?: string; lastLines: string[] }
  | { kind: "timed-out"; taskArn: string; timeoutMs: number; stoppedReason?: string; lastLines: string[] }
  /** Stopped from outside before its container exited on its own: an interrupt, StopTask by someone. */
  | { kind: "stopped"; taskArn: string; reason: string; lastLines: string[] };

/**
 * What a task's state says about its end; undefined while it has not stopped. A stopped task
 * whose container has an exit code exited (even when stopped on request, its code is what the
 * process returned); one without never ran its command: TaskFailedToStart, an image that
 * cannot be pulled, a secret that cannot be read.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html
 */
export function taskEnd(state: OneOffState, lastLines: string[]): OneOffEnd | undefined {
  if (state.lastStatus !== "STOPPED") return undefined;
  const why = [state.stoppedReason, state.containerReason].filter(Boolean).join(": ");
  const reason = why || "ECS gave no reason";
  if (state.stopCode === "UserInitiated") return { kind: "stopped", taskArn: state.taskArn, reason, lastLines };
  if (state.exitCode === undefined) return { kind: "not-started", taskArn: state.taskArn, reason, lastLines };
  return {
    kind: "exited",
    taskArn: state.taskArn,
    exitCode: state.exitCode,
    ...(state.stoppedReason ? { stoppedReason: state.stoppedReason } : {}),
    lastLines,
  };
}

/** The exit code berth passes on for a one-off task: the task's own, or 1 when it has none. */
export function exitCodeOf(end: OneOffEnd): number {
  return end.kind === "exited" ? end.exitCode : 1;
}

/** One line saying how it ended, for reports and the release history. */
export function endSummary(end: OneOffEnd): string {
  switch (end.kind) {
    case "exited":
      return `exited with code ${end.exitCode}${end.stoppedReason ? ` (${end.stoppedReason})` : ""}`;
    case "not-started":
      return `could not start: ${end.reason}`;
    case "timed-out":
      return `ran longer than its timeout of ${formatMs(end.timeoutMs)} and was stopped`;
    case "stopped":
      return `was stopped before it finished: ${end.reason}`;
  }
}

function formatMs(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
