import { UserError } from "../../exit-codes.js";
import type { Manifest } from "../../manifest/types.js";
import { environmentStatus, type EnvironmentStatus } from "./environment-status.js";
import { metricWindow } from "./metric-window.js";
import type { MetricsPort } from "./metrics-port.js";
import { readEnvironment, type StatusSources } from "./read-environment.js";
import { readServiceMetrics, type EnvironmentMetrics } from "./service-metrics.js";

/** What `berth status` shows at one moment: the environment, and its services' metrics since then. */
export interface StatusSnapshot {
  status: EnvironmentStatus;
  /** Absent when the environment has no stack (nothing to measure), or CloudWatch refused. */
  metrics?: EnvironmentMetrics;
  /** Why CloudWatch gave no metrics (no `cloudwatch:GetMetricData`, throttling): the rest still shows. */
  metricsUnavailable?: string;
}

/**
 * Reads the environment, then the metrics of the stacks' resources (their names are the
 * stacks' outputs) in one GetMetricData call per 500 metrics.
 */
export async function statusSnapshot(
  m: Manifest,
  sources: StatusSources & { metrics: MetricsPort },
  since: number,
  now: number,
): Promise<StatusSnapshot> {
  const observed = await readEnvironment(m, sources);
  const status = environmentStatus(m, observed, now);
  if (!observed.stack) return { status };
  try {
    const metrics = await readServiceMetrics(m, observed.stack.outputs, sources.metrics, metricWindow(since, now));
    return { status, metrics };
  } catch (error) {
    // Only the metrics' own read: a person asking "how is production?" still gets what ECS says.
    if (!(error instanceof UserError)) throw error;
    return { status, metricsUnavailable: [error.message, error.hint].filter(Boolean).join("; ") };
  }
}
