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
  /** Brings the app stack (which holds the lock's table) up to date: a first deploy. */
  bootstrapAppStack(): Promise<void>;
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
}

/**
 * A deploy or rollback as the team sees it: under the environment's lock, between an
 * in-progress history record and its outcome.
 */
export async function guardedRelease<T extends DeployResult>(
  ports: GuardPorts,
  release: GuardedRelease,
  work: (record: ReleaseRecord) => Promise<T>,
): Promise<{ result: T; record: ReleaseRecord }> {
  const clock = release.clock ?? systemClock;
  const actor = release.actor ?? currentActor();
  const lockRequest = { environment: release.environment, actor, version: release.version, command: release.command };
  const lockOptions = {
    wait: release.lockWaitMs,
    clock,
    missingTable: { bootstrap: () => ports.bootstrapAppStack() },
    ...(release.onLockLost ? { onLost: release.onLockLost } : {}),
    ...(release.onLockWaiting ? { onWaiting: release.onLockWaiting } : {}),
  };
  return withEnvironmentLock(ports.lock, lockRequest, lockOptions, () => {
    const {
      lockWaitMs: _wait,
      command: _command,
      clock: _clock,
      onLockLost: _lost,
      onLockWaiting: _waiting,
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
