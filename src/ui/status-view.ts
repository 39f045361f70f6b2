import type { StatusSnapshot } from "../deployers/status/status-snapshot.js";
import { EXIT } from "../exit-codes.js";
import { paint, type Output } from "./output.js";
import { statusLines } from "./status-report.js";
import { metricLines } from "./status-metrics.js";

/** `berth status`: the environment, then its services' sparklines; `--json` one document with the numbers. */
export function reportSnapshot(snapshot: StatusSnapshot, now: number, out: Output): number {
  if (out.json) {
    out.line(JSON.stringify(snapshotJson(snapshot), null, 2));
    return EXIT.ok;
  }
  for (const line of snapshotLines(snapshot, now, out)) out.line(line);
  return EXIT.ok;
}

export function snapshotLines(snapshot: StatusSnapshot, now: number, out: Output): string[] {
  const metrics = snapshot.metrics ? metricLines(snapshot.metrics, out) : [];
  const unavailable = snapshot.metricsUnavailable ? [paint.yellow(out, `metrics: ${snapshot.metricsUnavailable}`)] : [];
  return [...statusLines(snapshot.status, now, out), ...metrics, ...unavailable];
}

/** The status as before, with `metrics`: the window (ISO times) and per service each series' values (null: no data). */
export function snapshotJson(snapshot: StatusSnapshot): unknown {
  const metrics = snapshot.metrics;
  if (snapshot.metricsUnavailable) return { ...snapshot.status, metricsUnavailable: snapshot.metricsUnavailable };
  if (!metrics) return snapshot.status;
  const { start, end, periodSeconds } = metrics.window;
  return {
    ...snapshot.status,
    metrics: {
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      periodSeconds,
      services: metrics.services,
    },
  };
}
