import { EXIT, UserError } from "../exit-codes.js";
import type { Clock } from "../time/clock.js";

/**
 * `berth logs`: the CloudWatch Logs of an environment's services, merged in time order.
 * Each service writes to its own log group; ECS's awslogs driver names each stream
 * `<prefix>/<container>/<task id>`, and berth's prefix is the service's name, so the task
 * is the stream's last part.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html
 */
export interface LogsPort {
  /** One page of FilterLogEvents: events at or after startTime, oldest first within the page. */
  filterLogEvents(request: {
    logGroupName: string;
    startTime: number;
    /** Only these streams (at most 100 per call); every stream when absent. */
    logStreamNames?: string[];
    /** A CloudWatch Logs filter pattern, matched by AWS (`berth logs --grep`). */
    filterPattern?: string;
    nextToken?: string;
  }): Promise<LogPage>;
}

export interface LogPage {
  events: LogEvent[];
  nextToken?: string;
}

export interface LogEvent {
  eventId: string;
  logStreamName: string;
  timestamp: number;
  message: string;
}

export interface ServiceLogGroup {
  service: string;
  logGroupName: string;
  /** Only these streams (one release's tasks: `berth logs --release`); every stream when absent. */
  logStreamNames?: string[];
}

export interface LogLine {
  service: string;
  /** The ECS task id, from the stream name. */
  task: string;
  timestamp: number;
  message: string;
}

export interface TailOptions {
  /** Epoch milliseconds: the first events shown. */
  since: number;
  follow: boolean;
  clock: Clock;
  /** Stops following (Ctrl-C); the current poll finishes first. */
  signal?: AbortSignal;
  /**
   * Only the events that match this CloudWatch Logs filter pattern, matched server side so
   * only those lines cross the network:
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
   */
  filterPattern?: string;
}

// Following polls FilterLogEvents: every second while lines arrive, backing off to 10 s
// while quiet (a quiet service costs 6 calls a minute, not 60). FilterLogEvents allows 5
// transactions per second per account and region:
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
export const FOLLOW_POLL_MS = { first: 1_000, max: 10_000 };

/** The next wait while following: back to the first when lines arrived, else twice as long up to the cap. */
export function nextPollDelay(previous: number, gotLines: boolean): number {
  return gotLines ? FOLLOW_POLL_MS.first : Math.min(FOLLOW_POLL_MS.max, previous * 2);
}

export async function tailLogs(
  port: LogsPort,
  groups: ServiceLogGroup[],
  options: TailOptions,
  emit: (line: LogLine) => void,
) {
  const cursors = new Map(groups.map((g) => [g.logGroupName, { startTime: options.since, seen: new Set<string>() }]));
  let delay = FOLLOW_POLL_MS.first;
  for (;;) {
    const batches = await Promise.all(
      groups.map((group) => readNew(port, group, cursors.get(group.logGroupName)!, options.filterPattern)),
    );
    const lines = batches.flat().sort((a, b) => a.timestamp - b.timestamp);
    for (const line of lines) emit(line);
    if (!options.follow || options.signal?.aborted) return;
    delay = nextPollDelay(delay, lines.length > 0);
    await sleepUnlessAborted(options.clock, delay, options.signal);
    if (options.signal?.aborted) return;
  }
}

interface Cursor {
  startTime: number;
  /** Event ids already shown at startTime: the next poll starts there again, inclusively. */
  seen: Set<string>;
}

// FilterLogEvents takes at most 100 log stream names per call:
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
export const STREAMS_PER_CALL = 100;

function streamBatches(names: string[] | undefined): (string[] | undefined)[] {
  if (!names) return [undefined];
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += STREAMS_PER_CALL) batches.push(names.slice(i, i + STREAMS_PER_CALL));
  return batches;
}

async function readNew(
  port: LogsPort,
  group: ServiceLogGroup,
  cursor: Cursor,
  filterPattern: string | undefined,
): Promise<LogLine[]> {
  const events: LogEvent[] = [];
  for (const logStreamNames of streamBatches(group.logStreamNames)) {
    let nextToken: string | undefined;
    do {
      const page = await port.filterLogEvents({
        logGroupName: group.logGroupName,
        startTime: cursor.startTime,
        ...(logStreamNames ? { logStreamNames } : {}),
        ...(filterPattern !== undefined ? { filterPattern } : {}),
        ...(nextToken ? { nextToken } : {}),
      });
      events.push(...page.events);
      nextToken = page.nextToken;
    } while (nextToken);
  }
  const fresh = events.filter((e) => !cursor.seen.has(e.eventId));
  const latest = Math.max(cursor.startTime, ...fresh.map((e) => e.timestamp));
  if (latest > cursor.startTime) cursor.seen.clear();
  cursor.startTime = latest;
  for (const e of fresh) if (e.timestamp === latest) cursor.seen.add(e.eventId);
  return fresh.map((e) => ({
    service: group.service,
    task: taskOf(e.logStreamName),
    timestamp: e.timestamp,
    message: e.message.replace(/\n$/, ""),
  }));
}

/** `web/web/0f1e…` → `0f1e…`. */
export function taskOf(logStreamName: string): string {
  return logStreamName.slice(logStreamName.lastIndexOf("/") + 1);
}

function sleepUnlessAborted(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return clock.sleep(ms);
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done);
    void clock.sleep(ms).then(done);
  });
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since 10m` (s, m, h, d) or an ISO 8601 time → epoch milliseconds. */
export function parseSince(text: string, now: number): number {
  const relative = /^(\d+)([smhd])$/.exec(text.trim());
  if (relative) return now - Number(relative[1]) * UNITS[relative[2]!]!;
  const absolute = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(absolute)) return absolute;
  throw new UserError(
    `--since ${text} is not a duration or a time`,
    EXIT.usage,
    "use a duration such as 30s, 10m, 2h or 1d, or an ISO time such as 2026-11-28T09:00:00Z",
  );
}
