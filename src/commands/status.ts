import type { Command } from "commander";
import { loadEnvironment } from "./environment-options.js";
import { examples } from "./examples.js";
import { withAwsOptions, withManifestOptions, type AwsOptions, type ManifestOptions } from "./options.js";

export function register(program: Command): void {
  withAwsOptions(
    withManifestOptions(
      program
        .command("status")
        .description(
          "what runs in the environment: per service what serves, tasks, the deployment in flight, traffic split, alarms; the last release and the URL",
        )
        .addHelpText(
          "after",
          "\nWhat serves is the target of each service's last successful ECS deployment. Reads only.",
        )
        .addHelpText(
          "after",
          examples([
            ["berth status -e production", "what serves, tasks, traffic split, alarms, the URL"],
            ["berth status -e staging --json", "the same as one JSON document"],
          ]),
        ),
    ),
  ).action(async (opts: ManifestOptions & AwsOptions) => {
    const loaded = await loadEnvironment(opts, "berth status");
    if (!loaded) return;
    const { m, out, aws } = loaded;
    const [
      { statusReads },
      { berthTable },
      { readEnvironment },
      { environmentStatus },
      { reportStatus },
      { schedulePort },
    ] = await Promise.all([
      import("../aws/status-reads.js"),
      import("../aws/berth-table.js"),
      import("../deployers/status/read-environment.js"),
      import("../deployers/status/environment-status.js"),
      import("../ui/status-report.js"),
      import("../aws/schedules.js"),
    ]);
    const observed = await readEnvironment(m, {
      aws: statusReads(aws),
      ...berthTable(aws, m.app),
      schedules: schedulePort(aws),
    });
    const now = Date.now();
    process.exitCode = reportStatus(environmentStatus(m, observed, now), now, out);
  });
}
