/**
 * Time as a dependency: deployers wait through `sleep`, and tests pass a clock whose
 * sleep moves virtual time forward at once (test/helpers/instant-clock.ts), so a
 * ten-minute wait runs in microseconds.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
