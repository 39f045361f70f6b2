import type { CronFields } from "./cron.js";

/**
 * When a cron schedule next runs after `after`, evaluated in its IANA time zone as
 * EventBridge Scheduler does across daylight saving changes: a time the spring change skips
 * does not run that day, and a time the autumn change repeats runs once, at its first
 * occurrence (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#daylist-savings-time).
 * Undefined when nothing matches within the next eight years (such as February 30).
 */
export function nextRun(fields: CronFields, timeZone: string, after: Date): Date | undefined {
  const zone = zoneClock(timeZone);
  const start = zone.local(after.getTime());
  // Day by day in local dates, so a day lost or doubled by a clock change is still one date.
  const day = new Date(Date.UTC(start.year, start.month - 1, start.day));
  for (let i = 0; i < 8 * 366; i++, day.setUTCDate(day.getUTCDate() + 1)) {
    const [year, month, date, weekday] = [
      day.getUTCFullYear(),
      day.getUTCMonth() + 1,
      day.getUTCDate(),
      day.getUTCDay(),
    ];
    if (!fields.months.includes(month)) continue;
    if (fields.daysOfMonth && !fields.daysOfMonth.includes(date)) continue;
    if (fields.daysOfWeek && !fields.daysOfWeek.includes(weekday)) continue;
    for (const hour of fields.hours)
      for (const minute of fields.minutes) {
        const instant = zone.instant(year, month, date, hour, minute);
        if (instant !== undefined && instant > after.getTime()) return new Date(instant);
      }
  }
  return undefined;
}

/** An instant on the zone's clock, `2026-12-07 03:00`: how `berth status` shows a next run. */
export function wallClock(at: Date, timeZone: string): string {
  const t = zoneClock(timeZone).local(at.getTime());
  const two = (n: number) => String(n).padStart(2, "0");
  return `${t.year}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}`;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function zoneClock(timeZone: string) {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  });
  const local = (epoch: number): LocalTime => {
    const parts = Object.fromEntries(format.formatToParts(epoch).map((p) => [p.type, Number(p.value)]));
    return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
  };
  const offset = (epoch: number): number => {
    const t = local(epoch);
    return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) - Math.floor(epoch / 60000) * 60000;
  };
  return {
    local,
    /** The first instant the zone's clock shows this local time; undefined when it never does (spring forward). */
    instant(year: number, month: number, day: number, hour: number, minute: number): number | undefined {
      const wall = Date.UTC(year, month - 1, day, hour, minute);
      // The offset a few hours either side of the wall time: before and after any clock change.
      const candidates = [wall - offset(wall - 6 * 3600_000), wall - offset(wall + 6 * 3600_000)].sort((a, b) => a - b);
      return candidates.find((c) => {
        const t = local(c);
        return t.year === year && t.month === month && t.day === day && t.hour === hour && t.minute === minute;
      });
    },
  };
}
