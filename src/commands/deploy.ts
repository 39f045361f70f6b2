import type { Command } from "commander";
import type { InfrastructureEvent } from "../deployers/infrastructure/events.js";
import { EXIT } from "../exit-codes.js";
import { imageRequest, withImageOptions, type ImageOptions } from "./image-options.js";
import { requireEnvironment } from "./environment-options.js";
import { withAwsOptions } from "./options.js";
import { guardRelease, withLockWait } from "./release-guard.js";

interface DeployOptions extends ImageOptions {
  yes?: boolean;
  lockWait?: string;
}

export function register(program: Command): void {
  withAwsOptions(
    withLockWait(withImageOptions(
      program
        .command("deploy")
        .description("bring an environment up to date: the app stack, the images, then the environment stack")
        .option("--yes", "accept changes that lose data or recreate a failed stack (required for those outside a terminal)")
        .option("--force", "build and push images even when the version is already in the registry")
        .option("--registry <host/namespace>", "push to this OCI registry instead of ECR")
        .option("--plain-http", "reach a registry on this machine over plain HTTP")
        .addHelpText("after", "\nShows each stack's changes before making them. Exit codes: 0 every service serves what the manifest asks, 1 a release was rolled back or failed or a step was not confirmed, 2 usage or manifest error, 130/143 interrupted (what was left is printed)."),
    )),
  ).action(async (opts: DeployOptions) => {
    process.exitCode = await runEnvironmentCommand("berth deploy", opts, true);
  });
}

/** `berth deploy` and `berth diff` share everything but executing the change sets. */
export async function runEnvironmentCommand(command: string, opts: DeployOptions, execute: boolean): Promise<number> {
  const started = Date.now();
  const loaded = await imageRequest(command, opts);
  if (!loaded) return EXIT.usage;
  const { request, out, environments } = loaded;
  requireEnvironment(opts, environments);
  const [{ deployEnvironment }, { awsEnvironmentPorts }, { imageProgress }, { reportInfrastructureEvent }, { askOnTerminal, canAskOnTerminal, confirmer }, report, { watchInterrupts }] = await Promise.all([
    import("../deployers/deploy-environment.js"),
    import("../aws/environment-ports.js"),
    import("../ui/image-progress.js"),
    import("../ui/infrastructure.js"),
    import("../ui/confirm.js"),
    import("../ui/deploy-report.js"),
    import("./release-interrupts.js"),
  ]);
  const emit = (event: InfrastructureEvent) => reportInfrastructureEvent(event, out);
  const ports = awsEnvironmentPorts(request, imageProgress(out));
  const interactive = canAskOnTerminal();
  // Only a release that changes things needs to say what an interrupt leaves behind.
  const interrupts = execute && ports.release ? watchInterrupts({ out, interactive, ask: askOnTerminal, stop: (arn) => ports.release!.checks.release.stopDeployment(arn) }) : undefined;
  const deploy = () =>
    deployEnvironment(request.manifest, ports, {
      execute,
      confirm: confirmer({ yes: opts.yes === true, interactive, ask: askOnTerminal }, out),
      emit,
      onStep: (step) => report.reportStep(step, request.manifest, out),
      onPreflight: (result) => report.reportPreflight(result, out),
      onRelease: (event) => {
        interrupts?.onRelease(event);
        report.reportReleaseEvent(event, out);
      },
    });
  try {
    // A diff changes nothing: it neither takes the lock nor enters the history.
    const outcome = execute ? (await guardRelease({ ...request, kind: "deploy", command: "deploy", lockWait: opts.lockWait, out, emit }, deploy)).result : await deploy();
    return report.reportEnvironmentOutcome(outcome, request.manifest, Date.now() - started, out, command);
  } finally {
    interrupts?.dispose();
  }
}
