import type { Command } from "commander";
import { awsSettings } from "../aws/settings.js";
import { EXIT, UserError } from "../exit-codes.js";
import { loadManifest } from "../manifest/load.js";
import { stackName } from "../render/names.js";
import { output } from "../ui/output.js";
import { reportProblems } from "../ui/problems.js";
import { withAwsOptions, withManifestOptions, type AwsOptions, type ManifestOptions } from "./options.js";
import { underEnvironmentLock, withLockWait } from "./release-guard.js";

interface DestroyOptions extends ManifestOptions, AwsOptions {
  deleteData?: boolean;
  yes?: boolean;
  lockWait?: string;
}

export function register(program: Command): void {
  withAwsOptions(
    withLockWait(withManifestOptions(
      program
        .command("destroy")
        .description("remove an environment: its services, then its stack; keeps its data unless told otherwise")
        .option("--delete-data", "also delete the database (no final snapshot), empty and delete buckets, delete file systems")
        .option("--yes", "do not ask for the environment's name (required outside a terminal)")
        .addHelpText("after", "\nThe app stack and its images stay: other environments share them."),
    )),
  ).action(async (opts: DestroyOptions) => {
    const out = output(opts);
    if (opts.env === undefined) throw new UserError("destroy needs the environment to remove", EXIT.usage, "pass -e ENV");
    const loaded = await loadManifest(opts.file, { env: opts.env });
    if (!loaded.ok) {
      reportProblems(loaded.problems, out, "berth destroy");
      process.exitCode = EXIT.usage;
      return;
    }
    const m = loaded.manifest;
    const [{ destroyEnvironment }, { cloudFormationPort }, { ecsServices, s3Buckets }, { reportInfrastructureEvent }, { askOnTerminal, canAskOnTerminal, confirmer }, { confirmDestroy, reportDestroyed }] = await Promise.all([
      import("../deployers/destroy-environment.js"),
      import("../aws/cloudformation.js"),
      import("../aws/teardown-ports.js"),
      import("../ui/infrastructure.js"),
      import("../ui/confirm.js"),
      import("../ui/destroy-report.js"),
    ]);
    const interactive = canAskOnTerminal();
    if (!(await confirmDestroy(m.environment, stackName(m.app, m.environment), opts.deleteData === true, opts.yes === true, interactive, out))) {
      process.exitCode = EXIT.failure;
      return;
    }
    const aws = awsSettings(opts, m.region);
    const outcome = await underEnvironmentLock(m, aws, "destroy", opts.lockWait, out, () =>
      destroyEnvironment(m, { cloudFormation: cloudFormationPort(aws), services: ecsServices(aws), buckets: s3Buckets(aws) }, {
        deleteData: opts.deleteData === true,
        confirm: confirmer({ yes: true, interactive, ask: askOnTerminal }, out),
        emit: (event) => reportInfrastructureEvent(event, out),
      }),
    );
    process.exitCode = reportDestroyed(outcome, out);
  });
}
