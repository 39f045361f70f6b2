import { translateCron } from "../manifest/cron.js";
import { durationSeconds } from "./compose-values.js";
import type { FieldContext } from "./copilot-fields.js";

/** A berth schedule's timing: a cron line (UTC, as Copilot reads it) or a rate. */
export type ScheduleTiming = { cron: string } | { rate: string };

const RATE_UNITS: Record<string, number> = {
  minute: 60,
  minutes: 60,
  hour: 3600,
  hours: 3600,
  day: 86400,
  days: 86400,
};

/**
 * Copilot's `on.schedule` (https://aws.github.io/copilot-cli/docs/manifest/scheduled-job/#on-schedule):
 * a cron line or a macro (@daily …), which berth reads as they are; `@every 1h30m`, a Go duration,
 * which becomes a rate of whole minutes; EventBridge's `rate(5 minutes)`; or `none`, a job that
 * only runs by hand. Copilot's schedules are UTC, berth's default zone. Returns why not, otherwise.
 */
export function copilotScheduleTiming(value: unknown): ScheduleTiming | { why: string; todo: string } {
  const text = typeof value === "string" ? value.trim() : "";
  if (text === "" || text === "none")
    return {
      why: "it has no schedule (none): Copilot runs it only by hand",
      todo: "run it with berth run SERVICE -- COMMAND when needed, or give it a schedule under schedules:",
    };
  const every = /^@every\s+(\S+)$/.exec(text);
  const rate = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(text);
  if (every || rate) {
    const seconds = every ? durationSeconds(every[1]) : Number(rate![1]) * RATE_UNITS[rate![2]!]!;
    if (seconds === undefined || seconds < 60 || seconds % 60 !== 0)
      return {
        why: `${text} is not a whole number of minutes, EventBridge Scheduler's smallest rate`,
        todo: "write it under schedules: with a rate in whole minutes, such as rate: 5m",
      };
    return { rate: `${seconds / 60}m` };
  }
  const translated = translateCron(text);
  if (!translated.ok) return { why: `its schedule ${text}: ${translated.message}`, todo: translated.hint };
  return { cron: text };
}

/**
 * A Scheduled Job's own fields: `on` becomes the schedule; `retries` and `timeout` have no
 * berth key and are said. The rest of the job is a service's (image, command, size, variables).
 */
export function jobFields(
  manifest: Record<string, unknown>,
  ctx: FieldContext,
): { service: Record<string, unknown>; schedule: unknown } {
  const { on, retries, timeout, ...service } = manifest;
  if (retries !== undefined)
    ctx.report.left.push({
      item: `${ctx.where}: retries ${String(retries)}`,
      why: "berth's schedules start the task once; a failed run waits for the next",
      todo: "make the job retry inside itself, or run it again with berth run --schedule NAME",
    });
  if (timeout !== undefined)
    ctx.report.left.push({
      item: `${ctx.where}: timeout ${String(timeout)}`,
      why: "berth does not stop a scheduled task after a time",
      todo: "make the job stop itself (a timeout in its code)",
    });
  return { service, schedule: ((on ?? {}) as Record<string, unknown>).schedule };
}
