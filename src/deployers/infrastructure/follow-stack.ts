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
    if (options.clock.now() - started >= options.timeoutMs) return { status, events: seen, timedOut: true };
    await options.clock.sleep(options.pollMs);
  }
}
