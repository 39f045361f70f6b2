import { expect, test } from "vitest";
import type { CloudFormationPort } from "../../src/deployers/infrastructure/cloudformation-port.js";
import { followStack } from "../../src/deployers/infrastructure/follow-stack.js";
import { instantClock } from "../helpers/instant-clock.js";

/** A stack whose operation ends `lastsMs` after the clock's start. */
function stackLasting(lastsMs: number, clock: { now(): number }): CloudFormationPort {
  const status = () => (clock.now() >= lastsMs ? "CREATE_COMPLETE" : "CREATE_IN_PROGRESS");
  return {
    describeStack: async () => ({ stackId: "s", status: status() }),
    describeStackEvents: async () => [],
  } as unknown as CloudFormationPort;
}

const follow = async (lastsMs: number) => {
  const clock = instantClock();
  const followed = await followStack(stackLasting(lastsMs, clock), "s", undefined, {
    clock,
    pollMs: 3_000,
    timeoutMs: 60 * 60_000,
    emit: () => {},
  });
  expect(followed.status).toBe("CREATE_COMPLETE");
  return { seenAt: clock.now(), polls: clock.slept.length + 1 };
};

test("a stack that ends in two seconds is seen ended within a quarter of that, not a whole poll interval later", async () => {
  const { seenAt } = await follow(2_000);
  expect(seenAt).toBeLessThanOrEqual(2_000 * 1.25 + 250);
});

test("a quarter-hour stack is polled every pollMs once it has run a while: a few more polls, not four times as many", async () => {
  const { seenAt, polls } = await follow(15 * 60_000);
  expect(seenAt - 15 * 60_000).toBeLessThanOrEqual(3_000);
  expect(polls).toBeLessThan((15 * 60_000) / 3_000 + 15);
});
