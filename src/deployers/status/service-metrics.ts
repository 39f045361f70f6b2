import type { Manifest } from "../../manifest/types.js";
import { inBatches, serviceMetricPlan, type MetricPlan, type Measure } from "./metric-queries.js";
import { pointCount, slotted } from "./metric-window.js";
import type { MetricAnswer, MetricsPort, MetricWindow } from "./metrics-port.js";

/** What a sparkline shows: requests a minute, 5xx as % of requests, p99 in ms, CPU and memory in %, messages. */
export type MetricKind = "requests" | "errors" | "p99" | "cpu" | "memory" | "backlog";

/** One line of numbers, a value per period of the window; null where CloudWatch has no datapoint. */
export interface MetricSeries {
  kind: MetricKind;
  values: (number | null)[];
}

export interface ServiceMetrics {
  service: string;
  series: MetricSeries[];
}

export interface EnvironmentMetrics {
  window: MetricWindow;
  services: ServiceMetrics[];
}

type Slots = (number | null)[];

/** Reads every service's metrics of the window: one GetMetricData call per 500 queries (one for most apps). */
export async function readServiceMetrics(
  m: Manifest,
  outputs: Record<string, string>,
  port: MetricsPort,
  window: MetricWindow,
): Promise<EnvironmentMetrics> {
  const plan = serviceMetricPlan(m, outputs);
  const batches = inBatches(plan.queries, pointCount(window));
  const answers = (await Promise.all(batches.map((batch) => port.metricData(batch, window)))).flat();
  return { window, services: serviceSeries(Object.keys(m.services), plan, answers, window) };
}

/** Makes sense of the answers: each service's measures in the window's slots, combined into what is shown. */
export function serviceSeries(
  services: string[],
  plan: MetricPlan,
  answers: MetricAnswer[],
  window: MetricWindow,
): ServiceMetrics[] {
  const measured = new Map<string, Map<Measure, Slots[]>>();
  const empty = () => slotted(window, [], []);
  for (const query of plan.queries) {
    const role = plan.roles[query.id]!;
    const answer = answers.find((a) => a.id === query.id);
    const slots = answer ? slotted(window, answer.timestamps, answer.values) : empty();
    const byMeasure = measured.get(role.service) ?? new Map<Measure, Slots[]>();
    byMeasure.set(role.measure, [...(byMeasure.get(role.measure) ?? []), slots]);
    measured.set(role.service, byMeasure);
  }
  const minutes = window.periodSeconds / 60;
  return services.map((service) => {
    const of = measured.get(service);
    const series: MetricSeries[] = [];
    const requests = of?.get("requests");
    if (requests) {
      const total = sumSlots(requests);
      const errors = sumSlots([...(of?.get("target5xx") ?? []), ...(of?.get("elb5xx") ?? [])]);
      series.push({ kind: "requests", values: total.map((v) => (v === null ? null : v / minutes)) });
      series.push({ kind: "errors", values: total.map((v, i) => errorRate(v, errors[i] ?? null)) });
    }
    const p99 = of?.get("p99");
    if (p99) series.push({ kind: "p99", values: maxSlots(p99).map((v) => (v === null ? null : v * 1000)) });
    for (const kind of ["cpu", "memory", "backlog"] as const) {
      const slots = of?.get(kind);
      if (slots) series.push({ kind, values: maxSlots(slots) });
    }
    return { service, series };
  });
}

/**
 * 5xx as a share of requests. ALB reports a count only when it is not zero, so a period with
 * requests and no 5xx datapoint is 0%; without requests there is no rate (a gap), unless the load
 * balancer answered 5xx itself with no target to send to (100%).
 */
export function errorRate(requests: number | null, errors: number | null): number | null {
  if (requests !== null && requests > 0) return (100 * (errors ?? 0)) / requests;
  return errors !== null && errors > 0 ? 100 : null;
}

/** Per slot, the sum of the series that have a value there; null where none has. */
export function sumSlots(series: Slots[]): Slots {
  return combine(series, (a, b) => a + b);
}

/** Per slot, the largest value: the worse target group's p99 (percentiles do not add up). */
export function maxSlots(series: Slots[]): Slots {
  return combine(series, (a, b) => Math.max(a, b));
}

function combine(series: Slots[], join: (a: number, b: number) => number): Slots {
  const length = Math.max(0, ...series.map((s) => s.length));
  return Array.from({ length }, (_, i) => {
    const present = series.map((s) => s[i]).filter((v): v is number => v !== null && v !== undefined);
    return present.length === 0 ? null : present.reduce(join);
  });
}
