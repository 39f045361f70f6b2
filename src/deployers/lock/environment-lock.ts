import { randomUUID } from "node:crypto";
import { systemClock, type Clock } from "../../time/clock.js";
import type { Actor } from "../actor.js";
import type { LockHolder, LockItem, LockPort } from "./lock-port.js";
import { forgetHeldLease, rememberHeldLease } from "./held-leases.js";

/**
 * The deploy lock is a lease: taken with one conditional write (atomic in DynamoDB,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate),
 * renewed every 30 s while berth runs, and free for the taking two
 * minutes after the last renewal, so a holder that died (a killed CI runner) blocks the
 * team for two minutes at most. Expiry compares the clocks of two machines; a skew under
 * the 90 s between renewal and expiry cannot hand the lock to a second writer.
 */
export const LEASE_MS = 120_000;
export const RENEW_EVERY_MS = 30_000;
const WAIT_POLL_MS = 5_000;

export interface LockRequest {
  environment: string;
  actor: Actor;
  version: string;
  command: string;
}

/** Runs `tick` every `ms` until stopped; the default timer never keeps the process alive. */
export type Every = (ms: number, tick: () => void) => () => void;

const intervalTimer: Every = (ms, tick) => {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
};

export interface LockOptions {
  /** How long to wait for the holder to finish (--lock-wait), in ms; 0 fails at once. */
  wait?: number;
  clock?: Clock;
  every?: Every;
  /** Told once, when the lock is held by someone else and berth starts waiting for it. */
  onWaiting?: (holder: LockHolder, waitMs: number) => void;
  /** Told when a renewal finds the lease gone (someone broke the lock). */
  onLost?: () => void;
  newToken?: () => string;
}

export interface Lease {
  readonly holder: LockHolder;
  readonly token: string;
  /** True once a renewal found that the lease is no longer ours. */
  readonly lost: boolean;
  /** Moves the expiry to two minutes from now; false when the lease is no longer ours. */
  renew(): Promise<boolean>;
  /** Stops renewing and frees the lock (if it is still ours); safe to call twice. */
  release(): Promise<void>;
}

/** `missingTable`: the lock's table does not exist yet; bring the app stack up, then try again. */
export type LockAttempt =
  { ok: true; lease: Lease } | { ok: false; holder: LockHolder } | { ok: false; missingTable: true };

export async function acquireLock(
  port: LockPort,
  request: LockRequest,
  options: LockOptions = {},
): Promise<LockAttempt> {
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + (options.wait ?? 0);
  const token = (options.newToken ?? randomUUID)();
  const startedAt = new Date(clock.now()).toISOString();
  let waiting = false;
  for (;;) {
    const now = clock.now();
    const item: LockItem = { environment: request.environment, token, ...holderOf(request, startedAt, now + LEASE_MS) };
    const taken = await port.take(item, now);
    if (taken === "no-table") return { ok: false, missingTable: true };
    if (taken === "taken") return { ok: true, lease: startLease(port, item, clock, options) };
    const current = await port.read(request.environment);
    // Freed between the two calls: try again at once.
    if (!current) continue;
    const left = deadline - clock.now();
    if (left <= 0) return { ok: false, holder: holderFields(current) };
    if (!waiting) options.onWaiting?.(holderFields(current), left);
    waiting = true;
    // The holder's lease may end before its work does: look again at its expiry, or sooner.
    await clock.sleep(Math.min(WAIT_POLL_MS, left, Math.max(Date.parse(current.expiresAt) - now + 1, 1)));
  }
}

function holderOf(request: LockRequest, startedAt: string, expiresAt: number): LockHolder {
  const { user, host, ciUrl } = request.actor;
  return {
    user,
    host,
    ...(ciUrl ? { ciUrl } : {}),
    version: request.version,
    command: request.command,
    startedAt,
    expiresAt: new Date(expiresAt).toISOString(),
  };
}

export function holderFields(item: LockItem): LockHolder {
  const { user, host, ciUrl, version, command, startedAt, expiresAt } = item;
  return { user, host, ...(ciUrl ? { ciUrl } : {}), version, command, startedAt, expiresAt };
}

function startLease(port: LockPort, item: LockItem, clock: Clock, options: LockOptions): Lease {
  let holder = holderFields(item);
  let lost = false;
  let released: Promise<void> | undefined;
  const renew = async (): Promise<boolean> => {
    if (lost || released) return false;
    const expiresAt = new Date(clock.now() + LEASE_MS).toISOString();
    if (await port.renew(item.environment, item.token, expiresAt)) {
      holder = { ...holder, expiresAt };
      return true;
    }
    lost = true;
    stop();
    options.onLost?.();
    return false;
  };
  // A renewal that fails on the network is tried again at the next tick; the lease still has 90 s.
  const stop = (options.every ?? intervalTimer)(RENEW_EVERY_MS, () => void renew().catch(() => undefined));
  const lease: Lease = {
    get holder() {
      return holder;
    },
    token: item.token,
    get lost() {
      return lost;
    },
    renew,
    release: () =>
      (released ??= (async () => {
        stop();
        forgetHeldLease(lease);
        if (!lost) await port.release(item.environment, item.token);
      })()),
  };
  rememberHeldLease(lease);
  return lease;
}
