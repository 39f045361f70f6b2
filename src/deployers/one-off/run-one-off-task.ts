import type { Clock } from "../../time/clock.js";
import type { Diagnosis } from "../release/diagnose.js";
import { LOG_LINES } from "../release/diagnose.js";
import type { OneOffRequest, OneOffTaskPort } from "./one-off-port.js";
import { endSummary, taskEnd, type OneOffEnd } from "./task-end.js";

export type OneOffEvent =
  | { type: "started"; cluster: string; taskArn: string }
  | { type: "status"; taskArn: string; status: string }
  | { type: "log"; taskArn: string; line: string }
  | { type: "stopping"; taskArn: string; reason: string };

export interface FollowOptions {
  clock: Clock;
  /** How often the task and its log are read (default 1 s): also the most berth adds to the task's run time. */
  pollMs?: number;
  /** Stopped (StopTask) after this long; absent, followed until it ends. */
  timeoutMs?: number;
  onEvent?: (event: OneOffEvent) => void;
}

export interface RunOptions extends FollowOptions {
  /** Return once the task started, without following it (`berth run --detach`). */
  detach?: boolean;
  /** Resolves when berth should stop following and leave the task running (Ctrl-C, answered "no"). */
  leave?: Promise<void>;
}

/** How a run ended for berth: the task's end, or the task left running (detached, or left on Ctrl-C). */
export type RunEnd = OneOffEnd | { kind: "left"; taskArn: string };

// After StopTask, ECS sends SIGTERM, waits the container's stop timeout (at most 120 s) and kills it.
const STOP_ALLOWANCE_MS = 3 * 60_000;

/**
 * RunTask, then the task followed to its end: its log lines streamed as they arrive, its
 * exit code read, and stopped when it outlives its timeout. The one place that runs a
 * one-off task, for release tasks and `berth run` alike.
 */
export async function runOneOffTask(
  port: OneOffTaskPort,
  request: OneOffRequest,
  options: FollowOptions,
): Promise<OneOffEnd>;
export async function runOneOffTask(port: OneOffTaskPort, request: OneOffRequest, options: RunOptions): Promise<RunEnd>;
export async function runOneOffTask(
  port: OneOffTaskPort,
  request: OneOffRequest,
  options: RunOptions,
): Promise<RunEnd> {
  const started = await port.runTask(request);
  if ("failure" in started) return { kind: "not-started", reason: started.failure, lastLines: [] };
  const { taskArn } = started;
  options.onEvent?.({ type: "started", cluster: request.cluster, taskArn });
  if (options.detach) return { kind: "left", taskArn };
  let leaving = false;
  void options.leave?.then(() => (leaving = true));
  return followTask(port, request, taskArn, options, () => leaving);
}

/** Follows a started task to its end, or until berth is told to leave it running; see runOneOffTask. */
async function followTask(
  port: OneOffTaskPort,
  request: OneOffRequest,
  taskArn: string,
  options: FollowOptions,
  leaving: () => boolean,
): Promise<RunEnd> {
  const { clock } = options;
  const pollMs = options.pollMs ?? 1_000;
  const emit = options.onEvent ?? (() => {});
  const log = logReader(port, request, taskArn, (line) => emit({ type: "log", taskArn, line }));
  const startedAt = clock.now();
  let status: string | undefined;
  let stopRequestedAt: number | undefined;
  for (;;) {
    if (leaving()) return { kind: "left", taskArn };
    const state = await port.describeTask(request.cluster, taskArn);
    if (state && state.lastStatus !== status) {
      status = state.lastStatus;
      emit({ type: "status", taskArn, status });
    }
    // Read after the state: a stopped task's last lines are in its log by now.
    await log.read();
    const end = state ? taskEnd(state, log.last()) : undefined;
    if (end) {
      if (stopRequestedAt === undefined || options.timeoutMs === undefined) return end;
      return timedOut(taskArn, options.timeoutMs, end, log.last());
    }
    const elapsed = clock.now() - startedAt;
    if (options.timeoutMs !== undefined && elapsed >= options.timeoutMs) {
      if (stopRequestedAt === undefined) {
        const reason = `berth: ${endSummary({ kind: "timed-out", taskArn, timeoutMs: options.timeoutMs, lastLines: [] })}`;
        emit({ type: "stopping", taskArn, reason });
        await port.stopTask(request.cluster, taskArn, reason);
        stopRequestedAt = clock.now();
      } else if (clock.now() - stopRequestedAt > STOP_ALLOWANCE_MS) {
        return timedOut(taskArn, options.timeoutMs, undefined, log.last());
      }
    }
    await clock.sleep(pollMs);
  }
}

function timedOut(taskArn: string, timeoutMs: number, end: OneOffEnd | undefined, lastLines: string[]): OneOffEnd {
  const stoppedReason =
    end && "stoppedReason" in end ? end.stoppedReason : end?.kind === "stopped" ? end.reason : undefined;
  return { kind: "timed-out", taskArn, timeoutMs, ...(stoppedReason ? { stoppedReason } : {}), lastLines };
}

/** Reads the task's log stream forward from where it left off, keeping the last lines for a diagnosis. */
function logReader(port: OneOffTaskPort, request: OneOffRequest, taskArn: string, onLine: (line: string) => void) {
  const taskId = taskArn.slice(taskArn.lastIndexOf("/") + 1);
  const where = request.logs;
  // The awslogs driver's stream: <prefix>/<container>/<task id>
  // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html).
  const stream = where ? `${where.streamPrefix}/${request.container}/${taskId}` : undefined;
  let token: string | undefined;
  const last: string[] = [];
  return {
    async read() {
      if (!where || !stream) return;
      for (;;) {
        const page = await port.readLog(where.group, stream, token);
        for (const line of page.lines) {
          onLine(line);
          last.push(line);
          if (last.length > LOG_LINES) last.shift();
        }
        // GetLogEvents returns the same token once the stream has nothing more.
        const more = page.lines.length > 0 && page.token !== undefined && page.token !== token;
        token = page.token ?? token;
        if (!more) return;
      }
    },
    last: () => [...last],
  };
}

/** A one-off task's end as a release diagnosis: the task, its exit code and reason, its last log lines. */
export function oneOffDiagnosis(end: OneOffEnd, container: string): Diagnosis {
  const taskArn = end.taskArn;
  const reason = end.kind === "exited" || end.kind === "timed-out" ? end.stoppedReason : end.reason;
  return {
    stoppedTasks: taskArn
      ? [
          {
            taskArn,
            ...(reason ? { stoppedReason: reason } : {}),
            containers: [{ name: container, ...(end.kind === "exited" ? { exitCode: end.exitCode } : {}) }],
          },
        ]
      : [],
    targets: [],
    alarms: [],
    logs:
      end.lastLines.length > 0
        ? [{ container, taskId: taskArn ? taskArn.slice(taskArn.lastIndexOf("/") + 1) : "", lines: end.lastLines }]
        : [],
  };
}
