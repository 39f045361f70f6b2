import type { Command } from "commander";
import type { EnvironmentOutcome } from "../deployers/deploy-environment.js";
import { EXIT } from "../exit-codes.js";
import { stackName } from "../manifest/names.js";
import type { Manifest } from "../manifest/types.js";
import type { Output } from "../ui/output.js";
import { examples } from "./examples.js";
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
    withLockWait(
      withImageOptions(
        program
          .command("deploy")
          .description(
            "bring an environment up to date: the app stack, the images, the environment stack, then each service's stack",
          )
          .option(
            "--yes",
            "accept changes that lose data or recreate a failed stack (required for those outside a terminal)",
          )
          .addHelpText(
            "after",
            "\nShows each stack's changes before making them. Exit codes: 0 every service serves what the manifest asks, 1 a release was rolled back or failed or a step was not confirmed, 2 usage or manifest error, 130/143 interrupted (what was left is printed).",
          )
          .addHelpText(
            "after",
            examples([
              ["berth deploy", "a manifest without environments: <app>-default"],
              ["berth deploy -e staging", "build, push, stacks, release; asks before data loss"],
              ["berth deploy -e production --yes", "in CI: accepts what a terminal would ask about"],
              ["berth deploy -e pr-42", "a preview environment, from the preview: section"],
            ]),
          ),
        "push",
      ),
    ),
  ).action(async (opts: DeployOptions) => {
    process.exitCode = await runEnvironmentCommand("berth deploy", opts, true);
  });
}

/** `berth deploy` and `berth diff` share everything but executing the change sets. */
export async function runEnvironmentCommand(command: string, opts: DeployOptions, execute: boolean): Promise<number> {
  const started = Date.now();
  // A stack past an AWS quota is refused here, before an image is built or a call made.
  const loaded = await imageRequest(command, opts, { quotas: true });
  if (!loaded) return EXIT.usage;
  const { request, environments } = loaded;
  requireEnvironment(opts, environments);
  const [
    { deployEnvironment },
    { awsEnvironmentPorts },
    { askOnTerminal, canAskOnTerminal, confirmer },
    report,
    { watchInterrupts },
    { openDeployView, askPaused },
  ] = await Promise.all([
    import("../deployers/deploy-environment.js"),
    import("./environment-ports.js"),
    import("../ui/confirm.js"),
    import("../ui/deploy-report.js"),
    import("./release-interrupts.js"),
    import("../ui/deploy-view.js"),
  ]);
  const view = await openDeployView(loaded.out, request.manifest);
  const out = view.out;
  const ask = askPaused(view, askOnTerminal);
  const github = out.github ? await import("../ui/github.js") : undefined;
  const timeline = github?.releaseTimeline(started);
  const ports = awsEnvironmentPorts(request, view.image, { readOnly: !execute });
  const interactive = canAskOnTerminal();
  // Only a release that changes things needs to say what an interrupt leaves behind.
  const interrupts =
    execute && ports.release
      ? watchInterrupts({ out, interactive, ask, stop: (arn) => ports.release!.checks.release.stopDeployment(arn) })
      : undefined;
  const deploy = () =>
    deployEnvironment(request.manifest, ports, {
      execute,
      confirm: confirmer({ yes: opts.yes === true, interactive, ask }, out),
      emit: view.stack,
      onStep: view.step,
      onPreflight: (result) => report.reportPreflight(result, out),
      onRelease: (event) => {
        interrupts?.onRelease(event);
        view.release(event);
        timeline?.record(event);
      },
    });
  try {
    // A diff changes nothing: it neither takes the lock nor enters the history.
    const guarded = execute
      ? await guardRelease(
          { ...request, kind: "deploy", command: "deploy", lockWait: opts.lockWait, out, emit: view.stack },
          deploy,
        )
      : undefined;
    const outcome = guarded ? guarded.result : await deploy();
    const { readEnvironmentAddresses } = await import("../deployers/environment-url.js");
    const urls =
      execute && outcome.releases ? await readEnvironmentAddresses(request.manifest, ports.cloudFormation) : [];
    const url = urls[0]?.url;
    const elapsedMs = Date.now() - started;
    view.settled(outcome.releases ?? []);
    view.close();
    const code = report.reportEnvironmentOutcome(outcome, request.manifest, elapsedMs, out, command, url, urls);
    const monthlyFloor = execute && outcome.ok ? await previewCost(request.manifest, outcome, out) : undefined;
    if (github) {
      const version = await (await import("../images/version.js")).knownVersion(request.manifestDir, request.tag);
      const m = request.manifest;
      const optional = {
        ...(url ? { url, urls } : {}),
        ...(version ? { version } : {}),
        ...(guarded ? { releaseId: guarded.record.id } : {}),
        ...(monthlyFloor ? { monthlyFloor } : {}),
      };
      await github.publishToGithub(
        {
          command,
          app: m.app,
          environment: m.environment,
          outcome,
          elapsedMs,
          timeline: timeline!.entries,
          ...optional,
        },
        out,
      );
    }
    return code;
  } finally {
    view.close();
    interrupts?.dispose();
  }
}

/**
 * A preview's monthly floor, for its pull-request comment; said on the terminal when this
 * deploy created it. The README's table until a cost estimate implements `EstimateMonthly`.
 */
async function previewCost(m: Manifest, outcome: EnvironmentOutcome, out: Output): Promise<string | undefined> {
  if (!m.preview) return undefined;
  const [{ readmeFloor }, { renderApplication }, { formatMonthly, reportPreviewCost }] = await Promise.all([
    import("../deployers/previews/monthly-floor.js"),
    import("../render/render.js"),
    import("../ui/preview-cost.js"),
  ]);
  const rendered = renderApplication(m);
  if (!rendered.ok) return undefined;
  const estimate = readmeFloor(m, rendered.rendered);
  const created = outcome.stacks.some((s) => s.stackName === stackName(m.app, m.environment) && s.result === "created");
  if (created) reportPreviewCost(m.environment, estimate, out);
  return formatMonthly(estimate);
}
