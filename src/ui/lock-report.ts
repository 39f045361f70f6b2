import { describeHolder } from "../deployers/lock/describe-holder.js";
import type { BreakOutcome } from "../deployers/lock/break-lock.js";
import { environmentFlag } from "../deployers/lock/environment-flag.js";
import type { LockHolder } from "../deployers/lock/lock-port.js";
import { EXIT } from "../exit-codes.js";
import { paint, type Output } from "./output.js";

/** `berth lock`: who holds the environment's lock, or that nobody does. */
export function reportLock(environment: string, holder: LockHolder | undefined, now: number, out: Output): number {
  if (out.json)
    out.line(
      JSON.stringify(
        { environment, locked: holder !== undefined && Date.parse(holder.expiresAt) > now, holder: holder ?? null },
        null,
        2,
      ),
    );
  else if (!holder) out.line(`${environment}: not locked`);
  else if (Date.parse(holder.expiresAt) <= now)
    out.line(`${environment}: not locked (the last holder's lease has run out: ${describeHolder(holder, now)})`);
  else out.line(`${environment}: ${paint.yellow(out, "locked")} by ${describeHolder(holder, now)}`);
  return EXIT.ok;
}

/** The question `berth lock release` asks before breaking someone's lock. */
export function breakQuestion(environment: string, holder: LockHolder, now: number): string {
  return `Break the lock of ${environment} held by ${describeHolder(holder, now)}? Its run may still be changing the environment.`;
}

export function reportBreak(environment: string, outcome: BreakOutcome, now: number, out: Output): number {
  if (out.json) out.line(JSON.stringify({ environment, ...outcome }, null, 2));
  switch (outcome.result) {
    case "not-locked":
      if (!out.json) out.line(`${environment}: not locked; nothing to release`);
      return EXIT.ok;
    case "broken":
      if (!out.json) out.line(`${environment}: lock released (it was held by ${describeHolder(outcome.holder, now)})`);
      return EXIT.ok;
    case "declined":
      if (!out.json) out.note(`${environment}: the lock was left as it is`);
      return EXIT.failure;
    case "changed":
      if (!out.json)
        out.note(
          `${environment}: the lock changed hands while you were asked; nothing was released. Look again: berth lock${environmentFlag(environment)}`,
        );
      return EXIT.failure;
  }
}
