import type { Command } from "commander";
import type { AwsSettings } from "../aws/settings.js";
import type { DeployResult } from "../deployers/history/record-outcome.js";
import type { ReleaseRecord } from "../deployers/history/release-record.js";
import { describeHolder, duration } from "../deployers/lock/describe-holder.js";
import { environmentFlag } from "../deployers/lock/environment-flag.js";
import type { LockHolder } from "../deployers/lock/lock-port.js";
import type { InfrastructureEvent, InfrastructureOutcome } from "../deployers/infrastructure/events.js";
import { EXIT, UserError } from "../exit-codes.js";
import { parseDuration } from "../manifest/schema-dsl.js";
import type { Manifest } from "../manifest/types.js";
import type { Output } from "../ui/output.js";

/** `--lock-wait 5m`: how long deploy, rollback and destroy wait for another run's lock. */
export function withLockWait(command: Command): Command {
  return command.option(
    "--lock-wait <duration>",
    "wait this long (30s, 5m) for another deploy of the environment to finish, instead of failing at once",
  );
}

export function lockWaitMs(text: string | undefined): number {
  if (text === undefined) return 0;
  const seconds = parseDuration(text);
  if (seconds === undefined)
    throw new UserError(
      `--lock-wait ${JSON.stringify(text)} is not a duration`,
      EXIT.usage,
      "use a duration such as 30s, 5m or 1h",
    );
  return seconds * 1000;
}

/** Said once when --lock-wait starts waiting: for whom, and how long at most. */
export function waitingNote(environment: string, holder: LockHolder, waitMs: number): string {
  return `berth: ${environment} is locked: ${describeHolder(holder, Date.now())}; waiting up to ${duration(waitMs)} for it`;
}

export interface ReleaseGuardInput {
  manifest: Manifest;
  aws: AwsSettings;
  /** Where the manifest is: its git tree gives the version and sha. */
  manifestDir: string;
  tag?: string;
  kind: ReleaseRecord["kind"];
  command: string;
  lockWait?: string;
  rollbackTo?: string;
  out: Output;
  emit: (event: InfrastructureEvent) => void;
}

/**
 * Runs a deploy or rollback under the environment's lock and records it in the history;
 * the shared glue of the commands that release (adapters created once, loaded lazily).
 */
export async function guardRelease<T extends DeployResult>(
  input: ReleaseGuardInput,
  work: (record: ReleaseRecord) => Promise<T>,
): Promise<{ result: T; record: ReleaseRecord }> {
  const { manifest: m, out } = input;
  const wait = lockWaitMs(input.lockWait);
  const [{ berthTable }, { cloudFormationPort }, { appStackBootstrap }, { guardedRelease }, { readProvenance }] =
    await Promise.all([
      import("../aws/berth-table.js"),
      import("../aws/cloudformation.js"),
      import("../deployers/app-stack.js"),
      import("../deployers/guarded-release.js"),
      import("../images/version.js"),
    ]);
  const { readWorkingTree } = await import("../adapters/git.js");
  // Prebuilt images outside git have no version of their own; the history names them by digest.
  const provenance = await readProvenance(input.manifestDir, input.tag, readWorkingTree).catch(() => undefined);
  const table = berthTable(input.aws, m.app);
  const bootstrap = appStackBootstrap(m, cloudFormationPort(input.aws), input.emit);
  const release = {
    app: m.app,
    environment: m.environment,
    kind: input.kind,
    command: input.command,
    version: provenance?.version ?? "untagged",
    ...(provenance ? { gitSha: provenance.revision } : {}),
    strategies: Object.fromEntries(Object.values(m.services).map((s) => [s.name, s.deploy.strategy])),
    lockWaitMs: wait,
    ...(input.rollbackTo ? { rollbackTo: input.rollbackTo } : {}),
    onLockWaiting: (holder: LockHolder, waitMs: number) => out.note(waitingNote(m.environment, holder, waitMs)),
    onLockLost: () =>
      out.note(
        `berth: warning: the deploy lock of ${m.environment} was broken by someone else while this ${input.command} runs`,
      ),
  };
  const ports = {
    lock: table.lock,
    history: table.history,
    bootstrapAppStack: async () => {
      out.note(`berth: first deploy of ${m.app} by this berth: creating its app stack, which holds the deploy lock`);
      await bootstrap();
    },
  };
  const guarded = await guardedRelease(ports, release, work);
  out.note(`release ${guarded.record.id}: ${guarded.record.outcome} (berth releases${environmentFlag(m.environment)})`);
  return guarded;
}

/**
 * `destroy` under the environment's lock, as a release of kind `destroy` in the history, so
 * the history says why an environment is gone: through guardedRelease, the one place the lock
 * is taken. An app whose table does not exist (never deployed by this berth, or its app stack
 * removed) has no lock to respect and no history to write: the destroy runs without them rather
 * than create the app stack. Writing the history is best effort.
 */
export async function guardDestroy<T extends { result: string; stackName: string; step?: InfrastructureOutcome }>(
  m: Manifest,
  aws: AwsSettings,
  lockWait: string | undefined,
  out: Output,
  work: () => Promise<T>,
): Promise<T> {
  const wait = lockWaitMs(lockWait);
  const [{ berthTable }, { guardedRelease }] = await Promise.all([
    import("../aws/berth-table.js"),
    import("../deployers/guarded-release.js"),
  ]);
  const table = berthTable(aws, m.app);
  const ports = {
    lock: table.lock,
    history: {
      put: (record: ReleaseRecord) => table.history.put(record).catch(() => undefined),
      list: (app: string, environment: string, limit?: number) =>
        table.history.list(app, environment, limit).catch(() => []),
      get: (app: string, environment: string, id: string) =>
        table.history.get(app, environment, id).catch(() => undefined),
    },
  };
  const release = {
    app: m.app,
    environment: m.environment,
    kind: "destroy" as const,
    command: "destroy",
    version: "-",
    strategies: {},
    lockWaitMs: wait,
    onLockWaiting: (holder: LockHolder, waitMs: number) => out.note(waitingNote(m.environment, holder, waitMs)),
    onUnlocked: (reason: string) => out.note(`berth: destroy runs without the deploy lock: ${reason}`),
  };
  const { result } = await guardedRelease(ports, release, async () => {
    const outcome = await work();
    const ok = outcome.result === "destroyed" || outcome.result === "absent";
    return { outcome, ok, stacks: outcome.step ? [outcome.step] : [] };
  });
  return result.outcome;
}
