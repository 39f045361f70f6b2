import type { Command } from "commander";
import type { AwsSettings } from "../aws/settings.js";
import { EXIT } from "../exit-codes.js";
import type { Manifest } from "../manifest/types.js";
import type { Output } from "../ui/output.js";
import { examples } from "./examples.js";
import { imageRequest, withImageOptions, type ImageOptions } from "./image-options.js";
import { requireEnvironment } from "./environment-options.js";
import { withAwsOptions } from "./options.js";
import { readPromotion, withImagesFrom } from "./images-from.js";
import { locatePreflight } from "./preflight-positions.js";
import { guardRelease, withLockWait } from "./release-guard.js";
import type { EnvironmentPlan } from "../deployers/plan/environment-plan.js";
import type { EnvironmentOptions } from "../deployers/deploy-environment.js";
import { version } from "../version.js";
import { planHolds, writePlan } from "./plan-file.js";

export interface DeployOptions extends ImageOptions {
  yes?: boolean;
  lockWait?: string;
  maxMonthlyIncrease?: string;
  imagesFrom?: string;
}

export function register(program: Command): void {
  withAwsOptions(
    withLockWait(
      withImagesFrom(
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
            .option(
              "--max-monthly-increase <usd>",
              "refuse, before changing anything, a change that raises the monthly floor by more than this many dollars",
            )
            .addHelpText(
              "after",
              "\nShows each stack's changes before making them, and runs each changed service's release task (services.NAME.release) before any release. Exit codes: 0 every service serves what the manifest asks, 1 a release task or a release failed or was rolled back, or a step was not confirmed, 2 usage or manifest error, 3 refused: a change needs --yes and there is no terminal to ask, 130/143 interrupted (what was left is printed).",
            )
            .addHelpText(
              "after",
              examples([
                ["berth deploy", "a manifest without environments: <app>-default"],
                ["berth deploy -e staging", "build, push, stacks, release; asks before data loss"],
                ["berth deploy -e production --yes", "in CI: accepts what a terminal would ask about"],
                ["berth deploy -e pr-42", "a preview environment, from the preview: section"],
                ["berth deploy -e pr-42 --max-monthly-increase 40", "in CI: refuse a change adding over $40 a month"],
                ["berth deploy -e production --images-from staging", "the digests staging serves, not a rebuild"],
              ]),
            ),
          "push",
        ),
      ),
    ),
  ).action(async (opts: DeployOptions) => {
    process.exitCode = await runEnvironmentCommand("berth deploy", opts, { kind: "deploy" });
  });
}

/** A diff says when ECS Exec is turned on or off, as that releases the services it shows unchanged. */
async function noteExecChanges(m: Manifest, aws: AwsSettings, out: Output): Promise<void> {
  const [{ execPort }, { execChanges }] = await Promise.all([
    import("../aws/exec-port.js"),
    import("../deployers/exec/exec-changes.js"),
  ]);
  const line = await execChanges(m, execPort(aws));
  if (line) out.note(line);
}

/**
 * What the one runner does: deploy (the deployer creating and executing its own change sets),
 * plan (change sets kept with `--out`, else deleted), or apply a saved plan
 * (docs/architecture.md, "Plan and apply").
 */
export type EnvironmentRun =
  { kind: "deploy" } | { kind: "plan"; out?: string } | { kind: "apply"; plan: EnvironmentPlan };

/** `berth deploy`, `berth plan` and `berth apply` share everything but what they do to the stacks. */
export async function runEnvironmentCommand(
  command: string,
  opts: DeployOptions,
  run: EnvironmentRun,
): Promise<number> {
  const changesWhatRuns = run.kind !== "plan";
  const started = Date.now();
  // A stack past an AWS quota is refused here, before an image is built or a call made.
  const loaded = await imageRequest(command, opts, { quotas: true });
  if (!loaded) return EXIT.usage;
  const { environments } = loaded;
  requireEnvironment(opts, environments);
  const promotion = opts.imagesFrom
    ? await readPromotion({ ...opts, imagesFrom: opts.imagesFrom }, loaded.request.manifest, loaded.out)
    : undefined;
  if (opts.imagesFrom && !promotion) return EXIT.usage;
  // The version recorded is the one the promoted images were released as where they came from.
  const request = promotion?.version ? { ...loaded.request, tag: promotion.version } : loaded.request;
  const [
    { deployEnvironment },
    { awsEnvironmentPorts, planPorts },
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
  const ports = awsEnvironmentPorts(request, view.image, {
    readOnly: !changesWhatRuns,
    ...(promotion ? { images: promotion.images, ...(promotion.version ? { version: promotion.version } : {}) } : {}),
  });
  // The new and the old version side by side while traffic shifts: display only, one GetMetricData a refresh.
  const versions =
    changesWhatRuns && ports.release
      ? await (await import("./version-watch.js")).watchReleaseVersions(request.manifest, request.aws, view)
      : undefined;
  const interactive = canAskOnTerminal();
  // Only a release that changes things needs to say what an interrupt leaves behind.
  const interrupts =
    changesWhatRuns && ports.release
      ? watchInterrupts({
          out,
          interactive,
          ask,
          stop: (arn) => ports.release!.checks.release.stopDeployment(arn),
          stopTask: (cluster, arn, reason) => ports.release!.tasks!.stopTask(cluster, arn, reason),
          returnsToOneVersion: request.manifest.atomic,
          beforeExit: (left) => {
            view.settled(left);
            view.close();
          },
        })
      : undefined;
  let needsYes = false;
  let plan: EnvironmentPlan | undefined;
  const options: EnvironmentOptions = {
    confirm: confirmer({ yes: opts.yes === true, interactive, ask, onRefused: () => (needsYes = true) }, out),
    emit: view.stack,
    onStep: view.step,
    onPreflight: (result) => report.reportPreflight(result, out),
    onRelease: (event) => {
      interrupts?.onRelease(event);
      versions?.onRelease(event);
      view.release(event);
      timeline?.record(event);
    },
  };
  const deploy = async () => {
    if (run.kind === "deploy") return deployEnvironment(request.manifest, ports, options);
    if (run.kind === "apply")
      return (await import("../deployers/plan/apply-plan.js")).applyPlan(run.plan, request.manifest, ports, options);
    const { planEnvironment } = await import("../deployers/plan/plan-environment.js");
    // A plan is handed what it shows progress with, nothing it could ask or release with.
    const planned = await planEnvironment(request.manifest, planPorts(request, ports), {
      emit: view.stack,
      onStep: view.step,
      keep: run.out !== undefined,
      berthVersion: version,
    });
    plan = planned.plan;
    return planned.outcome;
  };
  try {
    if (run.kind === "apply" && !(await planHolds(run.plan, request, out))) return EXIT.refused;
    // The monthly floor before and after, priced before anything changes (docs/architecture.md, "Cost").
    const { environmentCostChange, checkMonthlyIncrease } = await import("./cost-change.js");
    const cost = await environmentCostChange(request.manifest, request.aws.region, ports.cloudFormation);
    checkMonthlyIncrease(cost, opts.maxMonthlyIncrease);
    // A diff changes nothing: it neither takes the lock nor enters the history.
    const guarded = changesWhatRuns
      ? await guardRelease(
          {
            ...request,
            kind: "deploy",
            command: run.kind === "apply" ? "apply" : "deploy",
            lockWait: opts.lockWait,
            out,
            emit: view.stack,
          },
          deploy,
        )
      : undefined;
    const ended = guarded ? guarded.result : await deploy();
    if (plan && run.kind === "plan" && run.out) await writePlan(run.out, plan);
    const outcome = ended.preflight
      ? { ...ended, preflight: await locatePreflight(ended.preflight, opts.file, request.manifest.environment) }
      : ended;
    if (!changesWhatRuns) await noteExecChanges(request.manifest, request.aws, out);
    const { readEnvironmentAddresses } = await import("../deployers/environment-url.js");
    const urls =
      changesWhatRuns && outcome.releases ? await readEnvironmentAddresses(request.manifest, ports.cloudFormation) : [];
    const url = urls[0]?.url;
    const elapsedMs = Date.now() - started;
    view.settled(outcome.releases ?? []);
    view.close();
    const code = report.reportEnvironmentOutcome(
      plan ? { ...outcome, plan } : outcome,
      request.manifest,
      elapsedMs,
      out,
      command,
      url,
      urls,
      cost,
    );
    if (plan && !out.json)
      for (const line of (await import("../ui/plan-report.js")).planLines(
        plan,
        run.kind === "plan" ? run.out : undefined,
      ))
        out.note(line);
    if (github) {
      const { knownVersion } = await import("../images/version.js");
      const version = await knownVersion(request.manifestDir, request.tag, request.local.workingTree);
      const m = request.manifest;
      const optional = {
        ...(url ? { url, urls } : {}),
        ...(version ? { version } : {}),
        ...(guarded ? { releaseId: guarded.record.id } : {}),
        ...(plan ? { plan: { plan, ...(run.kind === "plan" && run.out ? { saved: run.out } : {}) } } : {}),
      };
      await github.publishToGithub(
        {
          command,
          app: m.app,
          environment: m.environment,
          outcome,
          elapsedMs,
          timeline: timeline!.entries,
          cost,
          ...optional,
        },
        out,
      );
    }
    // Rolled back on an interrupt and waited for the services to return: still an interrupted run.
    return interrupts?.exitCode() ?? (needsYes && code === EXIT.failure ? EXIT.refused : code);
  } finally {
    versions?.stop();
    view.close();
    interrupts?.dispose();
  }
}
