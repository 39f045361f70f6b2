import type { Command } from "commander";
import { dirname, resolve } from "node:path";
import { EXIT } from "../exit-codes.js";
import { loadEnvironment } from "./environment-options.js";
import { examples } from "./examples.js";
import { withAwsOptions, withManifestOptions, type AwsOptions, type ManifestOptions } from "./options.js";
import { guardRelease, withLockWait } from "./release-guard.js";

interface RollbackOptions extends ManifestOptions, AwsOptions {
  to?: string;
  service?: string[];
  yes?: boolean;
  lockWait?: string;
}

export function register(program: Command): void {
  withAwsOptions(
    withLockWait(
      withManifestOptions(
        program
          .command("rollback")
          .description(
            "stop a release in flight with ROLLBACK, or release the last good release again (its exact task definitions and image digests)",
          )
          .option("--to <release>", "return to this release (an id from berth releases)")
          .option("--service <name...>", "only these services")
          .option("--yes", "do it without asking (required outside a terminal)")
          .addHelpText(
            "after",
            "\nMoves every service to what served at the end of the release returned to, saying per service what moves and what stays before it does. Exit codes: 0 every service serves what the rollback asked, 1 a release failed or the rollback was not confirmed, 2 usage or manifest error, 3 refused: no terminal to ask and no --yes (nothing changed).",
          )
          .addHelpText(
            "after",
            examples([
              ["berth rollback -e production", "stop the release in flight, or return to the last good release"],
              [
                "berth rollback -e production --to 20261128-101500-3a1f --yes",
                "return to a release named by berth releases (CI)",
              ],
              ["berth rollback -e staging --service web", "one service only"],
            ]),
          ),
      ),
    ),
  ).action(async (opts: RollbackOptions) => {
    process.exitCode = await runRollback(opts);
  });
}

async function runRollback(opts: RollbackOptions): Promise<number> {
  const started = Date.now();
  const loaded = await loadEnvironment(opts, "berth rollback");
  if (!loaded) return EXIT.usage;
  const [
    { rollbackEnvironment },
    { awsEnvironmentPorts },
    { berthTable },
    { askOnTerminal, canAskOnTerminal },
    report,
    { watchInterrupts },
    { openDeployView, askPaused },
  ] = await Promise.all([
    import("../deployers/rollback/rollback-environment.js"),
    import("./environment-ports.js"),
    import("../aws/berth-table.js"),
    import("../ui/confirm.js"),
    import("../ui/deploy-report.js"),
    import("./release-interrupts.js"),
    import("../ui/deploy-view.js"),
  ]);
  const view = await openDeployView(loaded.out, loaded.m);
  const out = view.out;
  const ask = askPaused(view, askOnTerminal);
  const cloud = (await import("./image-cloud.js")).awsImageCloud(loaded.m, loaded.aws, out);
  const local = (await import("../adapters/image-ports.js")).localImagePorts();
  const request = { manifest: loaded.m, manifestDir: dirname(resolve(opts.file)), aws: loaded.aws, cloud, local };
  const ports = awsEnvironmentPorts(request, view.image);
  const interactive = canAskOnTerminal();
  let needsYes = false;
  const confirm = async (plan: string[]) => {
    for (const line of plan) out.note(`  ${line}`);
    if (opts.yes === true) return true;
    if (!interactive) {
      needsYes = true;
      return {
        reason: "berth rollback changes production and there is no terminal to ask",
        fix: "pass --yes to roll back without asking",
      };
    }
    return ask("Roll back?");
  };
  const interrupts = watchInterrupts({
    out,
    interactive,
    ask,
    stop: (arn) => ports.release!.checks.release.stopDeployment(arn),
    returnsToOneVersion: loaded.m.atomic,
    beforeExit: (left) => {
      view.settled(left);
      view.close();
    },
  });
  try {
    const guarded = await guardRelease(
      {
        ...request,
        kind: "rollback",
        command: "rollback",
        lockWait: opts.lockWait,
        out,
        emit: view.stack,
        ...(opts.to ? { rollbackTo: opts.to } : {}),
      },
      async (record) => {
        const outcome = await rollbackEnvironment(
          request.manifest,
          {
            ...ports,
            release: ports.release!,
            history: berthTable(request.aws, request.manifest.app).history,
            preflight: ports.preflight!,
          },
          {
            ...(opts.to ? { to: opts.to } : {}),
            ...(opts.service ? { services: opts.service } : {}),
            confirm,
            onRelease: (event) => {
              interrupts.onRelease(event);
              view.release(event);
            },
          },
        );
        // The history names the release this one returned to, and its version, once berth has chosen it.
        if (outcome.target) {
          record.rollbackTo = outcome.target.id;
          record.version = outcome.target.version;
          if (outcome.target.gitSha) record.gitSha = outcome.target.gitSha;
        }
        return outcome;
      },
    );
    const { readEnvironmentUrl } = await import("../deployers/environment-url.js");
    const url = guarded.result.refused ? undefined : await readEnvironmentUrl(request.manifest, ports.cloudFormation);
    view.settled(guarded.result.releases);
    view.close();
    const elapsedMs = Date.now() - started;
    const reported = report.reportRollbackOutcome(guarded.result, request.manifest, elapsedMs, out, url);
    const code = needsYes ? EXIT.refused : reported;
    if (out.github) {
      const m = request.manifest;
      const report = {
        command: "berth rollback",
        app: m.app,
        environment: m.environment,
        outcome: guarded.result,
        elapsedMs,
        timeline: [],
        releaseId: guarded.record.id,
      };
      await (await import("../ui/github.js")).publishToGithub({ ...report, ...(url ? { url } : {}) }, out);
    }
    return interrupts.exitCode() ?? code;
  } finally {
    view.close();
    interrupts.dispose();
  }
}
