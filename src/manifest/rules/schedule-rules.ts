import { translateCron } from "../cron.js";
import { closest, didYouMean } from "../did-you-mean.js";
import type { RawManifest } from "../raw.js";
import { isTimeZone, timeZoneNames } from "../time-zones.js";
import type { RuleContext } from "./context.js";

/** Each schedule: exactly one of cron and rate, a cron line EventBridge can run, an IANA zone, a declared service. */
export function checkSchedules(m: RawManifest, ctx: RuleContext): void {
  const services = Object.keys(m.services ?? {});
  for (const [name, schedule] of Object.entries(m.schedules ?? {})) {
    const path = `schedules.${name}`;
    for (const key of ["service", "command"] as const)
      if (!ctx.written(`${path}.${key}`))
        ctx.reportAtKey(
          path,
          `the schedule has no ${key}`,
          key === "service"
            ? "add `service:` naming the service whose task runs"
            : "add `command: [...]`, what the task runs",
        );
    if (schedule.service !== undefined && !services.includes(schedule.service))
      ctx.report(
        `${path}.service`,
        `service "${schedule.service}" is not declared in services${didYouMean(schedule.service, services)}`,
        services.length > 0 ? `name one of: ${services.join(", ")}` : "declare the service under services",
      );
    if (schedule.cron !== undefined && schedule.rate !== undefined)
      ctx.report(`${path}.rate`, "a schedule has either cron or rate, not both", "keep the one you mean");
    else if (!ctx.written(`${path}.cron`) && !ctx.written(`${path}.rate`))
      ctx.reportAtKey(path, "the schedule has neither cron nor rate", 'add `cron: "0 3 * * *"` or `rate: 15m`');
    if (schedule.cron !== undefined) {
      const cron = translateCron(schedule.cron);
      if (!cron.ok) ctx.report(`${path}.cron`, cron.message, cron.hint);
    }
    if (schedule.timezone !== undefined && !isTimeZone(schedule.timezone)) {
      const near = closest(schedule.timezone, timeZoneNames());
      ctx.report(
        `${path}.timezone`,
        `"${schedule.timezone}" is not an IANA time zone name${near ? `; did you mean ${near}?` : ""}`,
        "write a zone such as Europe/Rome, America/New_York or UTC (the tz database's names)",
      );
    }
    if (schedule.timezone !== undefined && schedule.rate !== undefined)
      ctx.report(
        `${path}.timezone`,
        "a rate runs every so long whatever the clock says: timezone applies to cron only",
        "remove timezone, or write the schedule as a cron line",
      );
  }
}
