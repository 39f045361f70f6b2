/**
 * A five-field cron line (minute hour day-of-month month day-of-week), as crontab and Celery
 * beat write it, checked and translated to EventBridge Scheduler's six-field `cron(...)`
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based).
 * The differences that matter: EventBridge numbers weekdays 1–7 from Sunday where cron uses
 * 0–6 (and 7) from Sunday; one of day-of-month and day-of-week must be `?`, so a line that
 * restricts both (cron runs when either matches) cannot be expressed; there is a year field.
 */

export interface CronFields {
  minutes: number[];
  hours: number[];
  /** Undefined when the field is `*`: any day. */
  daysOfMonth?: number[];
  months: number[];
  /** 0–6 from Sunday; undefined when the field is `*`. */
  daysOfWeek?: number[];
}

export type CronResult =
  { ok: true; expression: string; fields: CronFields } | { ok: false; message: string; hint: string };

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: string[];
  /** The first name stands for this number (JAN = 1, SUN = 0). */
  nameBase?: number;
}

const FIELDS: FieldSpec[] = [
  { label: "minute", min: 0, max: 59 },
  { label: "hour", min: 0, max: 23 },
  { label: "day of month", min: 1, max: 31 },
  { label: "month", min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 },
  // 7 is Sunday too, as in crontab(5).
  { label: "day of week", min: 0, max: 7, names: DAY_NAMES, nameBase: 0 },
];

class CronError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** Checks a five-field cron line and translates it to EventBridge's six fields. */
export function translateCron(line: string): CronResult {
  const text = MACROS[line.trim().toLowerCase()] ?? line.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5)
    return {
      ok: false,
      message: `"${line}" has ${parts.length} field${parts.length === 1 ? "" : "s"}; a cron line has 5: minute hour day-of-month month day-of-week`,
      hint: 'such as "0 3 * * *" for 03:00 every day, or use `rate: 15m`',
    };
  try {
    const values = parts.map((part, i) => expand(part, FIELDS[i]!));
    const [minute, hour, dayOfMonth, month, dayOfWeek] = parts as [string, string, string, string, string];
    const domAny = dayOfMonth === "*";
    const dowAny = dayOfWeek === "*";
    if (!domAny && !dowAny)
      throw new CronError(
        `"${line}" restricts both the day of the month (${dayOfMonth}) and the day of the week (${dayOfWeek}), which EventBridge Scheduler cannot express`,
        "keep one of them and write * in the other; for both, declare two schedules",
      );
    if (dayOfWeek.includes("/"))
      throw new CronError(
        `"${line}": EventBridge does not accept a step (/) in the day of the week`,
        "list the days instead, such as 1,3,5",
      );
    const fields: CronFields = {
      minutes: values[0]!,
      hours: values[1]!,
      months: values[3]!,
      ...(domAny ? {} : { daysOfMonth: values[2]! }),
      ...(dowAny ? {} : { daysOfWeek: [...new Set(values[4]!.map((d) => d % 7))].sort((a, b) => a - b) }),
    };
    const dom = domAny ? (dowAny ? "*" : "?") : dayOfMonth;
    const dow = dowAny ? "?" : eventBridgeWeekdays(dayOfWeek);
    return { ok: true, expression: `cron(${minute} ${hour} ${dom} ${month} ${dow} *)`, fields };
  } catch (error) {
    if (!(error instanceof CronError)) throw error;
    return { ok: false, message: error.message, hint: error.hint };
  }
}

/** The numbers a field allows, for the next-run computation; throws CronError on what EventBridge refuses. */
function expand(part: string, spec: FieldSpec): number[] {
  const values = new Set<number>();
  for (const item of part.split(",")) {
    const [range, stepText] = item.split("/") as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || item.split("/").length > 2)
      throw fieldError(part, spec, `"${item}" has an invalid step`);
    let low: number;
    let high: number;
    if (range === "*") [low, high] = [spec.min, spec.label === "day of week" ? 6 : spec.max];
    else {
      const bounds = range.split("-");
      if (bounds.length > 2 || bounds.some((b) => b === "")) throw fieldError(part, spec, `"${item}" is not a range`);
      low = value(bounds[0]!, part, spec);
      high = bounds.length === 2 ? value(bounds[1]!, part, spec) : stepText === undefined ? low : spec.max;
      if (low > high) throw fieldError(part, spec, `${bounds[0]}-${bounds[1]} runs backwards`);
    }
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

function value(text: string, part: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + spec.nameBase!;
  if (!/^\d+$/.test(text))
    throw fieldError(part, spec, `"${text}" is not a number${spec.names ? " or a name such as " + spec.names[0] : ""}`);
  const n = Number(text);
  if (n < spec.min || n > spec.max) throw fieldError(part, spec, `${n} is outside ${spec.min}–${spec.max}`);
  return n;
}

function fieldError(part: string, spec: FieldSpec, what: string): CronError {
  return new CronError(
    `the ${spec.label} field "${part}": ${what}`,
    "fields are numbers, ranges (1-5), lists (1,15) and steps (*/15)",
  );
}

/** cron's 0–7 from Sunday as EventBridge's 1–7 from Sunday; names (MON-FRI) are the same in both. */
function eventBridgeWeekdays(field: string): string {
  return field
    .split(",")
    .map((item) => {
      const bounds = item.split("-");
      const shifted = bounds.map((b) => (/^\d+$/.test(b) ? String((Number(b) % 7) + 1) : b.toUpperCase()));
      // A range ending on Sunday written as 7 (5-7: Friday to Sunday) wraps in EventBridge's numbering.
      if (bounds.length === 2 && bounds[1] === "7" && bounds[0] !== "0") return `${shifted[0]}-7,1`;
      if (bounds.length === 2 && bounds[0] === "0" && bounds[1] === "7") return "1-7";
      return shifted.join("-");
    })
    .join(",");
}

/** `rate: 15m` in seconds → EventBridge's `rate(15 minutes)`, in the largest whole unit. */
export function rateExpression(seconds: number): string {
  const [value, unit] =
    seconds % 86400 === 0
      ? [seconds / 86400, "day"]
      : seconds % 3600 === 0
        ? [seconds / 3600, "hour"]
        : [seconds / 60, "minute"];
  return `rate(${value} ${unit}${value === 1 ? "" : "s"})`;
}
