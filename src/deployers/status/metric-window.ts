import type { MetricWindow } from "./metrics-port.js";

/** About this many points per sparkline, whatever the span. */
export const TARGET_POINTS = 60;

const MINUTE = 60;
// CloudWatch keeps 1-minute datapoints for 15 days, 5-minute ones for 63 days, then hourly ones; a
// period for older data must be a multiple of those (GetMetricData, "Period").
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricStat.html
const RESOLUTIONS: [olderThanMs: number, seconds: number][] = [
  [63 * 86_400_000, 3600],
  [15 * 86_400_000, 300],
];

/**
 * The window from `since` (ms) to `now`: a period that gives about TARGET_POINTS points, a whole
 * number of minutes (ALB and ECS publish a datapoint a minute), at least the resolution the
 * oldest data still has; the start on a period boundary so every point covers a whole period.
 */
export function metricWindow(since: number, now: number): MetricWindow {
  const span = Math.max(MINUTE * 1000, now - since);
  const resolution = RESOLUTIONS.find(([older]) => now - since > older)?.[1] ?? MINUTE;
  const wanted = Math.ceil(span / 1000 / TARGET_POINTS / resolution) * resolution;
  const periodSeconds = Math.max(resolution, wanted);
  const periodMs = periodSeconds * 1000;
  const end = Math.ceil(now / periodMs) * periodMs;
  const start = end - Math.ceil(span / periodMs) * periodMs;
  return { start, end, periodSeconds };
}

/** How many points a window has. */
export function pointCount(window: MetricWindow): number {
  return Math.round((window.end - window.start) / (window.periodSeconds * 1000));
}

/** The answer's datapoints in the window's slots; a period without a datapoint is null (a gap, not a zero). */
export function slotted(window: MetricWindow, timestamps: number[], values: number[]): (number | null)[] {
  const slots: (number | null)[] = new Array<number | null>(pointCount(window)).fill(null);
  const periodMs = window.periodSeconds * 1000;
  timestamps.forEach((at, i) => {
    const slot = Math.floor((at - window.start) / periodMs);
    if (slot >= 0 && slot < slots.length) slots[slot] = values[i] ?? null;
  });
  return slots;
}

/** `--interval 30s` (s, m) → ms; at least a second, as each refresh is a GetMetricData call. */
export function parseInterval(text: string): number | undefined {
  const match = /^(\d+)(s|m)$/.exec(text.trim());
  const ms = match ? Number(match[1]) * (match[2] === "m" ? 60_000 : 1_000) : 0;
  return ms >= 1_000 ? ms : undefined;
}
