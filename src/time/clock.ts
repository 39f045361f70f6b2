/**
 * Time as a dependency: deployers wait through `sleep`, and tests pass a clock whose
 * sleep moves virtual time forward at once, so a ten-minute wait runs in microseconds.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

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
