import type { Command } from "commander";
import { EXIT, UserError } from "../exit-codes.js";
import { didYouMean } from "../manifest/did-you-mean.js";
import { loadEnvironment } from "./environment-options.js";
import { examples } from "./examples.js";
import type { AwsSettings } from "../aws/settings.js";
import type { ServiceLogGroup } from "../deployers/service-logs.js";
import type { Manifest } from "../manifest/types.js";
import { stackName } from "../manifest/names.js";
import { withAwsOptions, withManifestOptions, type AwsOptions, type ManifestOptions } from "./options.js";

interface LogsOptions extends ManifestOptions, AwsOptions {
  follow?: boolean;
  since: string;
  release?: string;
  grep?: string;
}

export function register(program: Command): void {
  withAwsOptions(
    withManifestOptions(
      program
        .command("logs")
        .description("print the CloudWatch Logs of an environment's services, each line prefixed by service and task")
        .argument("[services...]", "services to show (default: every service)")
        .option("-f, --follow", "keep printing new lines until Ctrl-C")
        .option("--since <when>", "from this long ago (30s, 10m, 2h, 1d) or this ISO time", "10m")
        .option("--release <id>", "only the lines of this release's tasks (ids: berth releases)")
        .option("--grep <pattern>", "only the lines that match a CloudWatch Logs filter pattern (matched by AWS)")
        .addHelpText("after", "\nHere -f follows, as tail -f does; the manifest is --file.")
        .addHelpText(
          "after",
          examples([
            ["berth logs -e staging", "every service's last 10 minutes"],
            ["berth logs web -e production --since 1h", "one service's last hour"],
            ["berth logs worker -e staging -f", "new lines as they arrive, until Ctrl-C"],
            ["berth logs -e production --release 20261128-101500-1f3a --since 1h", "only that release's tasks"],
            ["berth logs -e production --grep ERROR --since 1h", "only the lines with ERROR"],
            ["berth logs web -e production --grep '\"status=500\"'", "an exact phrase (quoted in the pattern)"],
            ["berth logs -e staging --json | jq .message", "one JSON object per line"],
          ]),
        ),
      { fileShortFlag: false },
    ),
  ).action(async (services: string[], opts: LogsOptions) => {
    const loaded = await loadEnvironment(opts, "berth logs");
    if (!loaded) return;
    const { m, out, aws } = loaded;
    const known = Object.keys(m.services);
    for (const name of services) {
      if (known.includes(name)) continue;
      throw new UserError(
        `there is no service ${name} in ${opts.file}${didYouMean(name, known)}`,
        EXIT.usage,
        `services here: ${known.join(", ")}`,
      );
    }
    const [
      { logGroupsOf },
      { tailLogs, parseSince },
      { cloudFormationPort },
      { cloudWatchLogsPort },
      { logLineWriter },
      { systemClock },
    ] = await Promise.all([
      import("../deployers/log-groups.js"),
      import("../deployers/service-logs.js"),
      import("../aws/cloudformation.js"),
      import("../aws/logs.js"),
      import("../ui/log-lines.js"),
      import("../time/clock.js"),
    ]);
    const since = parseSince(opts.since, Date.now());
    const chosen = services.length > 0 ? services : known;
    const cloudFormation = cloudFormationPort(aws);
    const note = (line: string) => out.note(line);
    let groups = await logGroupsOf(m, chosen, cloudFormation, note);
    if (opts.release !== undefined) groups = await releaseGroups(m, opts.release, groups, aws, note);
    // Every service was noted (no task definition, or tasks ECS no longer lists): nothing to read or follow.
    if (groups.length === 0) return;
    const stop = new AbortController();
    const interrupt = () => stop.abort();
    process.once("SIGINT", interrupt);
    process.once("SIGTERM", interrupt);
    try {
      const options = {
        since,
        follow: opts.follow === true,
        clock: systemClock,
        signal: stop.signal,
        ...(opts.grep !== undefined ? { filterPattern: opts.grep } : {}),
      };
      await tailLogs(cloudWatchLogsPort(aws), groups, options, logLineWriter(chosen, out));
    } finally {
      process.removeListener("SIGINT", interrupt);
      process.removeListener("SIGTERM", interrupt);
    }
  });
}

/** `--release ID`: the groups narrowed to the streams of that release's tasks. */
async function releaseGroups(
  m: Manifest,
  id: string,
  groups: ServiceLogGroup[],
  aws: AwsSettings,
  note: (line: string) => void,
): Promise<ServiceLogGroup[]> {
  const [{ berthTable }, { cloudFormationPort }, { releaseTasksPort }, { releaseLogGroups }] = await Promise.all([
    import("../aws/berth-table.js"),
    import("../aws/cloudformation.js"),
    import("../aws/release-tasks.js"),
    import("../deployers/release-tasks.js"),
  ]);
  const [release, stack] = await Promise.all([
    berthTable(aws, m.app).history.get(m.app, m.environment, id),
    cloudFormationPort(aws).describeStack(stackName(m.app, m.environment)),
  ]);
  const request = { id, environment: m.environment, cluster: stack?.outputs?.ClusterName };
  return releaseLogGroups(release, request, groups, releaseTasksPort(aws), note);
}
