import type { Command } from "commander";
import { EXIT, UserError } from "../exit-codes.js";
import { didYouMean } from "../manifest/did-you-mean.js";
import { loadEnvironment } from "./environment-options.js";
import { examples } from "./examples.js";
import { withAwsOptions, withManifestOptions, type AwsOptions, type ManifestOptions } from "./options.js";

interface LogsOptions extends ManifestOptions, AwsOptions {
  follow?: boolean;
  since: string;
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
        .addHelpText("after", "\nHere -f follows, as tail -f does; the manifest is --file.")
        .addHelpText(
          "after",
          examples([
            ["berth logs -e staging", "every service's last 10 minutes"],
            ["berth logs web -e production --since 1h", "one service's last hour"],
            ["berth logs worker -e staging -f", "new lines as they arrive, until Ctrl-C"],
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
    const groups = await logGroupsOf(m, chosen, cloudFormationPort(aws), (note) => out.note(note));
    const stop = new AbortController();
    const interrupt = () => stop.abort();
    process.once("SIGINT", interrupt);
    process.once("SIGTERM", interrupt);
    try {
      const options = { since, follow: opts.follow === true, clock: systemClock, signal: stop.signal };
      await tailLogs(cloudWatchLogsPort(aws), groups, options, logLineWriter(chosen, out));
    } finally {
      process.removeListener("SIGINT", interrupt);
      process.removeListener("SIGTERM", interrupt);
    }
  });
}
