/** One CloudWatch metric and the statistic to read of it (a MetricStat of GetMetricData). */
export interface MetricQuery {
  /** Unique within a call; CloudWatch wants `^[a-z][a-zA-Z0-9_]*$`. */
  id: string;
  namespace: string;
  metric: string;
  dimensions: { name: string; value: string }[];
  /** Sum, Average, Maximum, p99, … */
  stat: string;
}

/** The time a read covers, cut into periods: one sparkline point per period. */
export interface MetricWindow {
  /** ms, on a period boundary: the first point's period starts here. */
  start: number;
  /** ms, exclusive. */
  end: number;
  periodSeconds: number;
}

/** A query's datapoints, as CloudWatch returns them: periods without data are simply absent. */
export interface MetricAnswer {
  id: string;
  /** ms: the start of each datapoint's period. */
  timestamps: number[];
  values: number[];
}

/** The one read metrics need: a single GetMetricData call (its pages, if AWS pages it). */
export interface MetricsPort {
  metricData(queries: MetricQuery[], window: MetricWindow): Promise<MetricAnswer[]>;
}
