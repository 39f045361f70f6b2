import type { Clock } from "../../time/clock.js";

/**
 * Simulated time. Nothing happens between ticks: `advance(ms)` walks time forward one
 * tick at a time and lets every subscriber act at each, so a ten-minute deployment runs
 * in a few thousand function calls and the same inputs always give the same history.
 */
export interface VirtualClock extends Clock {
  advance(ms: number): void;
  onTick(listener: (now: number) => void): void;
}

export function virtualClock(options: { start?: number; tickMs?: number } = {}): VirtualClock {
  const tickMs = options.tickMs ?? 1_000;
  let now = options.start ?? Date.UTC(2026, 0, 1);
  const listeners: ((now: number) => void)[] = [];
  const advance = (ms: number) => {
    const end = now + ms;
    while (now < end) {
      now = Math.min(end, now + tickMs);
      for (const listener of listeners) listener(now);
    }
  };
  return {
    now: () => now,
    advance,
    onTick: (listener) => void listeners.push(listener),
    // Code that waits (a deployer polling) moves the simulation forward by waiting.
    sleep: async (ms) => advance(ms),
  };
}
