import type { Clock } from "../../time/clock.js";
import type { CloudFormationPort, StackEvent } from "./cloudformation-port.js";
import type { InfrastructureEvent } from "./events.js";
import { eventsAfter } from "./root-cause.js";
import { isSettled } from "./stack-plan.js";

export interface FollowOptions {
  clock: Clock;
  pollMs: number;
  timeoutMs: number;
  emit: (event: InfrastructureEvent) => void;
}

export interface FollowResult {
  status: string;
  /** Events of this operation, oldest first. */
  events: StackEvent[];
  timedOut: boolean;
}

/** The id of the newest event now, so that following an operation shows only its own events. */
export async function latestEventId(
  port: Pick<CloudFormationPort, "describeStackEvents">,
  stackName: string,
): Promise<string | undefined> {
  return (await port.describeStackEvents(stackName))[0]?.eventId;
}

/** The first poll's delay; later ones grow with the time spent (pollDelay). */
const FIRST_POLL_MS = 250;

/**
 * How long to wait before the next poll: a quarter of the time the operation has taken so
 * far, from a quarter second up to pollMs. A stack of log groups, roles and rules ends in
 * seconds and is seen ended soon after; an Aurora cluster's quarter hour is polled every
 * pollMs, a few more calls in its first seconds alone.
 */
export function pollDelay(elapsedMs: number, pollMs: number): number {
  return Math.min(pollMs, Math.max(FIRST_POLL_MS, Math.round(elapsedMs / 4)));
}

/**
 * Polls the stack until its status settles, emitting each new resource event once. The
 * status is read before the events, so the final poll sees every event of the operation.
 */
export async function followStack(
  port: Pick<CloudFormationPort, "describeStack" | "describeStackEvents">,
  stackName: string,
  afterEventId: string | undefined,
  options: FollowOptions,
): Promise<FollowResult> {
  const started = options.clock.now();
  const seen: StackEvent[] = [];
  let cursor = afterEventId;
  for (;;) {
    const stack = await port.describeStack(stackName);
    const status = stack?.status ?? "DELETE_COMPLETE";
    if (stack) {
      const fresh = eventsAfter(await port.describeStackEvents(stackName), cursor);
      for (const event of fresh) options.emit({ type: "resource-progress", stackName, event });
      seen.push(...fresh);
      cursor = fresh.at(-1)?.eventId ?? cursor;
    }
    if (isSettled(status)) return { status, events: seen, timedOut: false };
    const elapsed = options.clock.now() - started;
    if (elapsed >= options.timeoutMs) return { status, events: seen, timedOut: true };
    await options.clock.sleep(Math.min(pollDelay(elapsed, options.pollMs), options.timeoutMs - elapsed));
  }
}
