import type { EnvironmentMetrics, MetricKind, MetricSeries } from "../deployers/status/service-metrics.js";
import { paint, type Output } from "./output.js";
import { extremes, sparkline } from "./sparkline.js";

const LABELS: Record<MetricKind, { label: string; unit: string; ceiling?: number }> = {
  requests: { label: "requests", unit: "/min" },
  errors: { label: "5xx", unit: "%" },
  p99: { label: "p99", unit: " ms" },
  cpu: { label: "cpu", unit: "%", ceiling: 100 },
  memory: { label: "memory", unit: "%", ceiling: 100 },
  backlog: { label: "backlog", unit: " msgs" },
};
const WIDTH = Math.max(...Object.values(LABELS).map((l) => l.label.length));

/** A number as a person reads it: no more digits than tell something. */
export function readable(value: number): string {
  if (value === 0) return "0";
  if (Math.abs(value) >= 100) return String(Math.round(value));
  if (Math.abs(value) >= 10) return value.toFixed(1).replace(/\.0$/, "");
  return value.toFixed(2).replace(/0$/, "").replace(/\.0$/, "");
}

/** `    5xx      ▁▁▁▅█  min 0% max 12% last 12%`: a sparkline and its numbers, or that there are none. */
export function metricLine(series: MetricSeries, out: Output): string {
  const { label, unit, ceiling } = LABELS[series.kind];
  const name = `    ${label.padEnd(WIDTH)}  `;
  const e = extremes(series.values);
  if (!e) return paint.dim(out, `${name}no data`);
  const numbers = `min ${readable(e.min)}${unit} max ${readable(e.max)}${unit} last ${readable(e.last)}${unit}`;
  const line = sparkline(series.values, ceiling);
  const worrying = series.kind === "errors" && e.last > 0;
  return `${name}${worrying ? paint.red(out, line) : line}  ${numbers}`;
}

/** The metrics block of `berth status`: the window, then per service a line per metric. */
export function metricLines(metrics: EnvironmentMetrics, out: Output): string[] {
  const { window } = metrics;
  const minutes = window.periodSeconds / 60;
  const period = minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
  const from = new Date(window.start).toISOString().slice(11, 16);
  const lines = [`metrics since ${from} UTC, a point per ${period} (CloudWatch):`];
  for (const s of metrics.services) {
    if (s.series.length === 0) continue;
    lines.push(`  ${s.service}:`, ...s.series.map((series) => metricLine(series, out)));
  }
  return lines;
}

/** One line of the newest numbers, for `--watch` without a terminal: `web 98/min 5xx 0% p99 120 ms …`. */
export function latestLine(metrics: EnvironmentMetrics, at: number): string {
  const services = metrics.services.flatMap((s) => {
    const parts = s.series.flatMap((series) => {
      const e = extremes(series.values);
      const { label, unit } = LABELS[series.kind];
      return e ? [`${label} ${readable(e.last)}${unit}`] : [];
    });
    return parts.length > 0 ? [`${s.service} ${parts.join(" ")}`] : [];
  });
  const time = new Date(at).toISOString().slice(11, 19);
  return `${time} ${services.length > 0 ? services.join("; ") : "no metrics yet"}`;
}
