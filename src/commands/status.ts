import type { Command } from "commander";
import { EXIT, UserError } from "../exit-codes.js";
import { loadEnvironment } from "./environment-options.js";
import { examples } from "./examples.js";
import { withAwsOptions, withManifestOptions, type AwsOptions, type ManifestOptions } from "./options.js";

interface StatusOptions extends ManifestOptions, AwsOptions {
  since: string;
  watch?: boolean;
  interval: string;
}

export function register(program: Command): void {
  withAwsOptions(
    withManifestOptions(
      program
        .command("status")
        .description(
          "what runs in the environment: per service what serves, tasks, the deployment in flight, traffic split, alarms, and sparklines of its metrics; the last release, the URL and the dashboard's",
        )
        .option("--since <when>", "metrics from this long ago (15m, 6h, 1d) or this ISO time", "1h")
        .option("--watch", "refresh until Ctrl-C: in place on a terminal, a line each time otherwise")
        .option("--interval <duration>", "how often --watch refreshes (each is one GetMetricData call)", "60s")
        .addHelpText(
          "after",
          "\nWhat serves is the target of each service's last successful ECS deployment. Metrics are CloudWatch's: " +
            "requests, 5xx rate, p99 response time, CPU, memory, and a worker's queue backlog. Reads only.",
        )
        .addHelpText(
          "after",
          examples([
            ["berth status -e production", "what serves, tasks, traffic split, alarms, the last hour's sparklines"],
            ["berth status -e production --since 6h", "sparklines of the last six hours"],
            ["berth status -e production --watch", "the same, refreshed every minute until Ctrl-C"],
            ["berth status -e staging --json", "the same as one JSON document, with the numbers"],
          ]),
        ),
    ),
  ).action(async (opts: StatusOptions) => {
    const loaded = await loadEnvironment(opts, "berth status");
    if (!loaded) return;
    const { m, out, aws } = loaded;
    const [
      { statusReads },
      { metricReads },
      { berthTable },
      { statusSnapshot },
      { parseSince },
      { parseInterval },
      { schedulePort },
    ] = await Promise.all([
      import("../aws/status-reads.js"),
      import("../aws/metric-reads.js"),
      import("../aws/berth-table.js"),
      import("../deployers/status/status-snapshot.js"),
      import("../deployers/service-logs.js"),
      import("../deployers/status/metric-window.js"),
      import("../aws/schedules.js"),
    ]);
    const span = Date.now() - parseSince(opts.since, Date.now());
    const intervalMs = parseInterval(opts.interval);
    if (intervalMs === undefined)
      throw new UserError(
        `--interval ${opts.interval} is not a duration of a second or more`,
        EXIT.usage,
        "use 30s, 60s or 5m",
      );
    const sources = {
      aws: statusReads(aws),
      metrics: metricReads(aws),
      ...berthTable(aws, m.app),
      schedules: schedulePort(aws),
    };
    const read = () => {
      const now = Date.now();
      return statusSnapshot(m, sources, now - span, now);
    };
    if (!opts.watch) {
      const { reportSnapshot } = await import("../ui/status-view.js");
      process.exitCode = reportSnapshot(await read(), Date.now(), out);
      return;
    }
    const { watchStatus } = await import("../ui/status-watch.js");
    const stop = new AbortController();
    const interrupt = () => stop.abort();
    // `on`, not `once`: Ink's exit hook re-raises a signal that no other listener handles (signal-exit).
    process.on("SIGINT", interrupt);
    process.on("SIGTERM", interrupt);
    try {
      await watchStatus(read, out, { intervalMs, signal: stop.signal });
      process.exitCode = EXIT.ok;
    } finally {
      process.removeListener("SIGINT", interrupt);
      process.removeListener("SIGTERM", interrupt);
    }
  });
}
