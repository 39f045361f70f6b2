/**
 * The leases this process holds, so an interrupt (SIGINT, SIGTERM) can free them before
 * berth exits instead of leaving the environment locked until the lease expires.
 */
interface Releasable {
  release(): Promise<void>;
}

const held = new Set<Releasable>();

export function rememberHeldLease(lease: Releasable): void {
  held.add(lease);
}

export function forgetHeldLease(lease: Releasable): void {
  held.delete(lease);
}

/** Frees every lock this process holds; for the interrupt handler. Never throws: the leases expire anyway. */
export async function releaseHeldLocks(): Promise<void> {
  await Promise.all([...held].map((lease) => lease.release().catch(() => undefined)));
}
