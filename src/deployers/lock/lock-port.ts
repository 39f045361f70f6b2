/**
 * The deploy lock of one environment, as stored: one item per environment in the app's
 * table (`<app>-berth`, sort key `lock`). `token` tells this holder's lease from the next
 * one's, so a holder that lost its lease can neither renew nor release someone else's.
 */
export interface LockHolder {
  user: string;
  host: string;
  ciUrl?: string;
  version: string;
  command: string;
  /** ISO times. */
  startedAt: string;
  expiresAt: string;
}

export interface LockItem extends LockHolder {
  environment: string;
  token: string;
}

/** The conditional writes the lock needs; each is atomic in the store. */
export interface LockPort {
  /**
   * Writes the item unless a lease that has not expired by `now` (epoch ms) is there.
   * "no-table": the app stack that holds the table has not been brought up to date by
   * this version of berth yet (a first deploy).
   */
  take(item: LockItem, now: number): Promise<"taken" | "held" | "no-table">;
  /** Moves the lease's expiry; false when the lease is no longer this token's. */
  renew(environment: string, token: string, expiresAt: string): Promise<boolean>;
  /** Deletes the lease if it is still this token's; false when it was not. */
  release(environment: string, token: string): Promise<boolean>;
  read(environment: string): Promise<LockItem | undefined>;
}
