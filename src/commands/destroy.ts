import type { Command } from "commander";
import { awsSettings } from "../aws/settings.js";
import { EXIT, UserError } from "../exit-codes.js";
import { appStackName, stackName } from "../manifest/names.js";
import { output } from "../ui/output.js";
import { examples } from "./examples.js";
import {
  loadManifestFor,
  withAwsOptions,
  withManifestOptions,
  type AwsOptions,
  type ManifestOptions,
} from "./options.js";
import { recordDestroy, underEnvironmentLock, withLockWait } from "./release-guard.js";

interface DestroyOptions extends ManifestOptions, AwsOptions {
  deleteData?: boolean;
  yes?: boolean;
  lockWait?: string;
}

export function register(program: Command): void {
  withAwsOptions(
    withLockWait(
      withManifestOptions(
        program
          .command("destroy")
          .description(
            "remove an environment: its services, their stacks, then its stack; keeps its data unless told otherwise",
          )
          .option(
            "--delete-data",
            "also delete the database (no final snapshot), empty and delete buckets, delete file systems",
          )
          .option("--yes", "do not ask for the environment's name (required outside a terminal)")
          .addHelpText(
            "after",
            [
              "",
              "Without -e, a manifest without environments: removes <app>-default.",
              "A preview (-e pr-<n>) is disposable: its data is deleted too, without --delete-data.",
              "The app stack and its images stay: other environments share them.",
            ].join("\n"),
          )
          .addHelpText(
            "after",
            examples([
              ["berth destroy -e staging", "asks you to type staging; keeps the data"],
              ["berth destroy -e pr-42 --yes", "removes a preview and its data (CI)"],
              ["berth destroy -e staging --delete-data", "and the database, buckets and file systems"],
            ]),
          ),
      ),
    ),
  ).action(async (opts: DestroyOptions) => {
    const out = output(opts);
    const loaded = await loadManifestFor("berth destroy", opts, out);
    if (!loaded) return;
    // Without -e, a manifest without environments means its only one, `<app>-default`.
    if (opts.env === undefined && loaded.environments.length > 0) {
      const names = loaded.environments.join(", ");
      throw new UserError(
        "this manifest defines environments; choose the one to remove",
        EXIT.usage,
        `pass -e with one of: ${names} (or pr-<number>)`,
      );
    }
    const m = loaded.manifest;
    // A preview is disposable: its data goes with it, as if --delete-data had been given.
    const deleteData = opts.deleteData === true || m.preview;
    const [
      { destroyEnvironment },
      { cloudFormationPort },
      { listenerRules },
      { ecsServices, releaseLeftovers, s3Buckets },
      { openDeployView, askPaused },
      { askOnTerminal, canAskOnTerminal, confirmer },
      { confirmDestroy, reportDestroyed },
      { templateStore },
      { withLargeTemplatesInS3 },
      { deployAppStack },
    ] = await Promise.all([
      import("../deployers/destroy-environment.js"),
      import("../aws/cloudformation.js"),
      import("../aws/listener-rules.js"),
      import("../aws/teardown-ports.js"),
      import("../ui/deploy-view.js"),
      import("../ui/confirm.js"),
      import("../ui/destroy-report.js"),
      import("../aws/template-store.js"),
      import("../deployers/infrastructure/template-upload.js"),
      import("../deployers/app-stack.js"),
    ]);
    const interactive = canAskOnTerminal();
    if (
      !(await confirmDestroy(
        m.environment,
        stackName(m.app, m.environment),
        deleteData,
        opts.yes === true,
        interactive,
        out,
      ))
    ) {
      // No terminal to ask and no --yes: refused, nothing changed; a wrong name typed is a no.
      process.exitCode = opts.yes !== true && !interactive ? EXIT.refused : EXIT.failure;
      return;
    }
    const aws = awsSettings(opts, m.region);
    const view = await openDeployView(out, m);
    const cloudFormation = cloudFormationPort(aws);
    const ports = {
      // The update that sets what deletion keeps is a change set like a deploy's: a large
      // environment template goes through the app stack's template bucket.
      cloudFormation: withLargeTemplatesInS3(cloudFormation, templateStore(aws), {
        appStackName: appStackName(m.app),
        bringUp: () => deployAppStack(m, cloudFormation, view.stack),
      }),
      listenerRules: listenerRules(aws),
      services: ecsServices(aws),
      buckets: s3Buckets(aws),
      leftovers: releaseLeftovers(aws),
    };
    try {
      const outcome = await underEnvironmentLock(m, aws, "destroy", opts.lockWait, view.out, () =>
        recordDestroy(m, aws, () =>
          destroyEnvironment(m, ports, {
            deleteData,
            confirm: confirmer({ yes: true, interactive, ask: askPaused(view, askOnTerminal) }, view.out),
            emit: view.stack,
          }),
        ),
      );
      view.close();
      process.exitCode = reportDestroyed(outcome, view.out);
    } finally {
      view.close();
    }
  });
}
