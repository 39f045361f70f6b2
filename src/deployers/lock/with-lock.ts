import { EXIT, UserError } from "../../exit-codes.js";
import { describeHolder } from "./describe-holder.js";
import { environmentFlag } from "./environment-flag.js";
import { acquireLock, type Lease, type LockOptions, type LockRequest } from "./environment-lock.js";
import type { LockPort } from "./lock-port.js";

export interface LockedRunOptions extends LockOptions {
  /**
   * What to do when the lock's table does not exist yet: `deploy` brings the app stack up
   * (a first deploy) and takes the lock then; a command with nothing to protect yet (a
   * `destroy` of an environment no deploy of this berth has touched) runs without it.
   */
  missingTable: { bootstrap: () => Promise<void> } | "run-unlocked";
  /** Told when the work ran without the lock, and why. */
  onUnlocked?: (reason: string) => void;
}

/**
 * Takes the environment's lock (or fails at once naming the holder, or waits up to
 * `wait`), runs the work, and frees the lock whatever happens. The lease renews itself
 * while the work runs; an interrupt frees it through releaseHeldLocks (held-leases.ts).
 */
export async function withEnvironmentLock<T>(
  port: LockPort,
  request: LockRequest,
  options: LockedRunOptions,
  work: (lease?: Lease) => Promise<T>,
): Promise<T> {
  let attempt = await acquireLock(port, request, options);
  if (!attempt.ok && "missingTable" in attempt) {
    if (options.missingTable === "run-unlocked") {
      options.onUnlocked?.("the app stack has no lock table yet (no deploy by this version of berth)");
      return work();
    }
    await options.missingTable.bootstrap();
    attempt = await acquireLock(port, request, options);
  }
  if (!attempt.ok) {
    if ("missingTable" in attempt)
      throw new UserError(
        "the deploy lock's table is still missing after the app stack was brought up",
        EXIT.failure,
        "run berth deploy again; if it persists, check the app stack's BerthTable resource",
      );
    const now = (options.clock ?? { now: Date.now }).now();
    throw new UserError(
      `${request.environment} is locked: ${describeHolder(attempt.holder, now)}`,
      EXIT.failure,
      `wait for it to finish (--lock-wait 5m waits), or if that run is gone: berth lock release${environmentFlag(request.environment)}`,
    );
  }
  const lease = attempt.lease;
  try {
    return await work(lease);
  } finally {
    await lease.release().catch(() => undefined);
  }
}
