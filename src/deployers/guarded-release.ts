import { currentActor, type Actor } from "./actor.js";
import { recordedRelease } from "./history/recorded-release.js";
import type { DeployResult } from "./history/record-outcome.js";
import { newReleaseId, type HistoryPort, type ReleaseRecord } from "./history/release-record.js";
import type { Clock } from "../time/clock.js";
import { systemClock } from "../time/clock.js";
import type { LockHolder, LockPort } from "./lock/lock-port.js";
import { withEnvironmentLock } from "./lock/with-lock.js";

export interface GuardPorts {
  lock: LockPort;
  history: HistoryPort;
  /**
   * Brings the app stack (which holds the lock's table) up to date: a first deploy. Absent
   * (`destroy`), an app with no table was never deployed by this berth: there is no lock to
   * respect, and the work runs without one rather than create the app stack.
   */
  bootstrapAppStack?(): Promise<void>;
}

/** A release about to run: what the lock and the history say about it. */
export interface GuardedRelease {
  app: string;
  environment: string;
  kind: ReleaseRecord["kind"];
  /** The command as the lock names it: `deploy`, `rollback`. */
  command: string;
  version: string;
  gitSha?: string;
  /** Service → its manifest strategy. */
  strategies: Record<string, string>;
  /** --lock-wait, in ms. */
  lockWaitMs: number;
  rollbackTo?: string;
  actor?: Actor;
  clock?: Clock;
  /** Told when a renewal finds that someone broke the lock meanwhile. */
  onLockLost?: () => void;
  /** Told when another run holds the lock and berth waits for it (--lock-wait). */
  onLockWaiting?: (holder: LockHolder, waitMs: number) => void;
  /** Told when the work runs without the lock (no table, and nothing to bootstrap it). */
  onUnlocked?: (reason: string) => void;
}

/**
 * A deploy, rollback or destroy as the team sees it: under the environment's lock, between an
 * in-progress history record and its outcome. The one place the deploy lock is taken.
 */
export async function guardedRelease<T extends DeployResult>(
  ports: GuardPorts,
  release: GuardedRelease,
  work: (record: ReleaseRecord) => Promise<T>,
): Promise<{ result: T; record: ReleaseRecord }> {
  const clock = release.clock ?? systemClock;
  const actor = release.actor ?? currentActor();
  // The lock names the version being released; a destroy releases none.
  const version = release.kind === "destroy" ? "" : release.version;
  const lockRequest = { environment: release.environment, actor, version, command: release.command };
  const bootstrap = ports.bootstrapAppStack?.bind(ports);
  const lockOptions = {
    wait: release.lockWaitMs,
    clock,
    missingTable: bootstrap ? { bootstrap } : ("run-unlocked" as const),
    ...(release.onLockLost ? { onLost: release.onLockLost } : {}),
    ...(release.onLockWaiting ? { onWaiting: release.onLockWaiting } : {}),
    ...(release.onUnlocked ? { onUnlocked: release.onUnlocked } : {}),
  };
  return withEnvironmentLock(ports.lock, lockRequest, lockOptions, () => {
    const {
      lockWaitMs: _wait,
      command: _command,
      clock: _clock,
      onLockLost: _lost,
      onLockWaiting: _waiting,
      onUnlocked: _unlocked,
      actor: _actor,
      ...start
    } = release;
    return recordedRelease(
      ports.history,
      { ...start, actor, id: newReleaseId(clock.now()), startedAt: clock.now() },
      work,
      clock,
    );
  });
}
