import type { LockHolder } from "./lock-port.js";

/** `ana on ana-laptop (berth deploy of abc1234), since 10:15:00 UTC; expires in 1m 40s unless renewed`. */
export function describeHolder(holder: LockHolder, now: number): string {
  const where = holder.ciUrl ?? `on ${holder.host}`;
  const left = Date.parse(holder.expiresAt) - now;
  const expiry =
    left > 0
      ? `expires in ${duration(left)} (${clockTime(holder.expiresAt)}) unless renewed`
      : `expired ${duration(-left)} ago`;
  const what = holder.version ? `berth ${holder.command} of ${holder.version}` : `berth ${holder.command}`;
  return `${holder.user} ${where} (${what}), since ${clockTime(holder.startedAt)}; ${expiry}`;
}

export function clockTime(iso: string): string {
  return `${iso.slice(11, 19)} UTC`;
}

/** `1m 40s`, `45s`, `2h 5m`. */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
