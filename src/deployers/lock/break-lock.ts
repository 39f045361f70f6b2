import type { LockHolder, LockPort } from "./lock-port.js";
import { holderFields } from "./environment-lock.js";

export type BreakOutcome =
  | { result: "not-locked" }
  | { result: "declined"; holder: LockHolder }
  | { result: "broken"; holder: LockHolder }
  /** Someone took or renewed it between the look and the break: nothing was broken. */
  | { result: "changed"; holder: LockHolder };

/**
 * `berth lock release`: frees the lock someone else holds (a run that died before its
 * lease ran out, or one that must be stopped), once the user said yes to that holder.
 * The delete is conditional on the holder shown, so it never frees a lock taken meanwhile.
 */
export async function breakLock(
  port: LockPort,
  environment: string,
  confirm: (holder: LockHolder) => Promise<boolean>,
): Promise<BreakOutcome> {
  const current = await port.read(environment);
  if (!current) return { result: "not-locked" };
  const holder = holderFields(current);
  if (!(await confirm(holder))) return { result: "declined", holder };
  return (await port.release(environment, current.token))
    ? { result: "broken", holder }
    : { result: "changed", holder };
}
