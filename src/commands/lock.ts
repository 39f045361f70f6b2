import type { Command } from "commander";
import { environmentFlag } from "../deployers/lock/environment-flag.js";
import { EXIT, UserError } from "../exit-codes.js";
import { loadEnvironment } from "./environment-options.js";
import { examples } from "./examples.js";
import { withAwsOptions, withManifestOptions, type AwsOptions, type ManifestOptions } from "./options.js";

interface LockOptions extends ManifestOptions, AwsOptions {
  yes?: boolean;
}

export function register(program: Command): void {
  const lock = withAwsOptions(
    withManifestOptions(
      program
        .command("lock")
        .description("show who holds the environment's deploy lock (deploy, rollback and destroy take it)")
        .addHelpText(
          "after",
          "\nA lock whose holder died expires two minutes after its last renewal; `berth lock release` frees it at once.",
        )
        .addHelpText(
          "after",
          examples([
            ["berth lock -e production", "who holds the deploy lock, since when, until when"],
            ["berth lock release -e production --yes", "break it (a run that died frees it within two minutes anyway)"],
          ]),
        ),
    ),
  ).action(async (opts: LockOptions) => {
    const loaded = await loadEnvironment(opts, "berth lock");
    if (!loaded) return;
    const [{ berthTable }, { reportLock }, { holderFields }] = await Promise.all([
      import("../aws/berth-table.js"),
      import("../ui/lock-report.js"),
      import("../deployers/lock/environment-lock.js"),
    ]);
    const item = await berthTable(loaded.aws, loaded.m.app).lock.read(loaded.m.environment);
    process.exitCode = reportLock(loaded.m.environment, item && holderFields(item), Date.now(), loaded.out);
  });
  withAwsOptions(
    withManifestOptions(
      lock
        .command("release")
        .description("break the environment's deploy lock (asks first; --yes outside a terminal)")
        .option("--yes", "break it without asking (required outside a terminal)"),
    ),
  ).action(async (_opts: LockOptions, command: Command) => {
    // -e and -f may come before `release` (the parent's) or after it (its own).
    const opts = command.optsWithGlobals<LockOptions>();
    const loaded = await loadEnvironment(opts, "berth lock release");
    if (!loaded) return;
    const { m, out, aws } = loaded;
    const [{ berthTable }, { breakLock }, report, { askOnTerminal, canAskOnTerminal }] = await Promise.all([
      import("../aws/berth-table.js"),
      import("../deployers/lock/break-lock.js"),
      import("../ui/lock-report.js"),
      import("../ui/confirm.js"),
    ]);
    if (opts.yes !== true && !canAskOnTerminal()) {
      throw new UserError(
        "breaking a deploy lock needs a yes, and there is no terminal to ask",
        EXIT.refused,
        `look first (berth lock${environmentFlag(m.environment)}), then rerun with --yes`,
      );
    }
    const confirm = async (holder: Parameters<typeof report.breakQuestion>[1]) =>
      opts.yes === true || askOnTerminal(report.breakQuestion(m.environment, holder, Date.now()));
    const outcome = await breakLock(berthTable(aws, m.app).lock, m.environment, confirm);
    process.exitCode = report.reportBreak(m.environment, outcome, Date.now(), out);
  });
}
