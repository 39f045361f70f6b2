import type { Clock } from "../../src/time/clock.js";

/** A clock that never waits: each sleep advances `now` by the requested time. */
export function instantClock(start = 0): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}
