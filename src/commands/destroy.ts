import type { Command } from "commander";
import { awsSettings } from "../aws/settings.js";
import { EXIT, UserError } from "../exit-codes.js";
import { stackName } from "../manifest/names.js";
import type { Manifest } from "../manifest/types.js";
import { output, type Output } from "../ui/output.js";
import { examples } from "./examples.js";
import {
  loadManifestFor,
  withAwsOptions,
  withManifestOptions,
  type AwsOptions,
  type ManifestOptions,
} from "./options.js";
import { ANY_PREVIEW } from "./previews.js";
import { guardDestroy, withLockWait } from "./release-guard.js";

interface DestroyOptions extends ManifestOptions, AwsOptions {
  deleteData?: boolean;
  expired?: boolean;
  previewsBase?: boolean;
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
          .option(
            "--expired",
            "remove every preview not deployed for environments.preview.expires (14d), and nothing else",
          )
          .option("--previews-base", "remove the previews' shared base (<app>-previews) once no preview is left")
          .addHelpText(
            "after",
            [
              "",
              "Without -e, a manifest without environments: removes <app>-default.",
              "A preview (-e pr-<n>) is disposable: its data is deleted too, without --delete-data.",
              "The app stack and its images stay: other environments share them.",
              "The last preview's destroy leaves the previews' shared base; --previews-base removes it.",
            ].join("\n"),
          )
          .addHelpText(
            "after",
            examples([
              ["berth destroy -e staging", "asks you to type staging; keeps the data"],
              ["berth destroy -e pr-42 --yes", "removes a preview and its data (CI)"],
              ["berth destroy --expired --yes", "removes the previews not deployed for 14 days (a scheduled job)"],
              [
                "berth destroy --previews-base",
                "removes the previews' network and load balancer, once no preview is left",
              ],
              ["berth destroy -e staging --delete-data", "and the database, buckets and file systems"],
            ]),
          ),
      ),
    ),
  ).action(async (opts: DestroyOptions) => {
    const out = output(opts);
    if (opts.expired) {
      process.exitCode = await destroyExpired(opts, out);
      return;
    }
    if (opts.previewsBase) {
      process.exitCode = await destroyBase(opts, out);
      return;
    }
    const loaded = await loadManifestFor("berth destroy", opts, out, { secretIsolation: false });
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
    const { confirmDestroy } = await import("../ui/destroy-report.js");
    const { canAskOnTerminal } = await import("../ui/confirm.js");
    const stack = stackName(m.app, m.environment);
    const interactive = canAskOnTerminal();
    const { existingData } = await import("../deployers/existing-data.js");
    const untouched = existingData(m);
    if (!(await confirmDestroy(m.environment, stack, deleteData, opts.yes === true, interactive, out, untouched))) {
      // No terminal to ask and no --yes: refused, nothing changed; a wrong name typed is a no.
      process.exitCode = opts.yes !== true && !interactive ? EXIT.refused : EXIT.failure;
      return;
    }
    process.exitCode = await destroyConfirmed(m, opts, out, deleteData);
  });
}

/**
 * `berth destroy --expired`: every preview whose last deploy is older than
 * `environments.preview.expires`, found by its stack's name and tags, and nothing else.
 */
async function destroyExpired(opts: DestroyOptions, out: Output): Promise<number> {
  if (opts.env !== undefined)
    throw new UserError("--expired chooses the previews itself", EXIT.usage, "leave out -e (or --preview)");
  const loaded = await loadManifestFor("berth destroy", { ...opts, env: ANY_PREVIEW }, out, { secretIsolation: false });
  if (!loaded) return EXIT.usage;
  const [{ readPreviews }, { confirmExpired }, { askOnTerminal, canAskOnTerminal }] = await Promise.all([
    import("./previews.js"),
    import("../ui/previews-report.js"),
    import("../ui/confirm.js"),
  ]);
  const aws = awsSettings(opts, loaded.manifest.region);
  const now = Date.now();
  const { expires, previews } = await readPreviews(loaded.manifest, aws, now);
  const expired = previews.filter((p) => p.expired);
  const policy = { yes: opts.yes === true, interactive: canAskOnTerminal(), ask: askOnTerminal };
  // No terminal to ask and no --yes: refused (exit 3), as for one environment.
  if (!(await confirmExpired({ expired, total: previews.length, expires, now }, policy, out)))
    return policy.yes || policy.interactive ? EXIT.failure : EXIT.refused;
  let code: number = EXIT.ok;
  for (const preview of expired) {
    const one = await loadManifestFor("berth destroy", { ...opts, env: preview.environment }, out, {
      secretIsolation: false,
    });
    const result = one ? await destroyConfirmed(one.manifest, opts, out, true) : EXIT.usage;
    if (result !== EXIT.ok) code = result;
  }
  return code;
}

/** `berth destroy --previews-base`: the shared base, refused while a preview runs on it. */
async function destroyBase(opts: DestroyOptions, out: Output): Promise<number> {
  if (opts.env !== undefined || opts.expired)
    throw new UserError("--previews-base removes the base alone", EXIT.usage, "leave out -e, --preview and --expired");
  const loaded = await loadManifestFor("berth destroy", { ...opts, env: ANY_PREVIEW }, out, { secretIsolation: false });
  if (!loaded) return EXIT.usage;
  const [{ destroyPreviewBase }, { cloudFormationPort }, { openDeployView }, { reportBaseDestroyed }] =
    await Promise.all([
      import("../deployers/previews/preview-base.js"),
      import("../aws/cloudformation.js"),
      import("../ui/deploy-view.js"),
      import("../ui/destroy-report.js"),
    ]);
  const m = loaded.manifest;
  const view = await openDeployView(out, m);
  try {
    // Nothing to confirm: the base holds no data, and it is refused while a preview uses it.
    const options = { emit: view.stack, confirm: () => Promise.resolve(true) };
    const outcome = await destroyPreviewBase(m.app, cloudFormationPort(awsSettings(opts, m.region)), options);
    view.close();
    return reportBaseDestroyed(outcome, view.out);
  } finally {
    view.close();
  }
}

/** Destroys one environment whose removal was confirmed; returns the exit code. */
async function destroyConfirmed(m: Manifest, opts: DestroyOptions, out: Output, deleteData: boolean): Promise<number> {
  const [
    { destroyEnvironment },
    { awsDestroyPorts },
    { openDeployView, askPaused },
    { askOnTerminal, canAskOnTerminal, confirmer },
    { reportDestroyed },
  ] = await Promise.all([
    import("../deployers/destroy-environment.js"),
    import("./environment-ports.js"),
    import("../ui/deploy-view.js"),
    import("../ui/confirm.js"),
    import("../ui/destroy-report.js"),
  ]);
  const interactive = canAskOnTerminal();
  const aws = awsSettings(opts, m.region);
  const view = await openDeployView(out, m);
  const ports = awsDestroyPorts(m, aws, view.stack);
  try {
    const outcome = await guardDestroy(m, aws, opts.lockWait, view.out, () =>
      destroyEnvironment(m, ports, {
        deleteData,
        confirm: confirmer({ yes: true, interactive, ask: askPaused(view, askOnTerminal) }, view.out),
        emit: view.stack,
      }),
    );
    view.close();
    return reportDestroyed(outcome, view.out);
  } finally {
    view.close();
  }
}
