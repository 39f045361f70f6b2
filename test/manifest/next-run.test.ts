import { describe, expect, test } from "vitest";
import { translateCron, type CronFields } from "../../src/manifest/cron.js";
import { nextRun } from "../../src/manifest/next-run.js";

function fields(line: string): CronFields {
  const cron = translateCron(line);
  if (!cron.ok) throw new Error(cron.message);
  return cron.fields;
}

const next = (line: string, zone: string, after: string) => nextRun(fields(line), zone, new Date(after))?.toISOString();

describe("the next run, in the schedule's time zone", () => {
  test("03:00 in Rome is 02:00 UTC in winter and 01:00 UTC in summer", () => {
    expect(next("0 3 * * *", "Europe/Rome", "2026-01-10T12:00:00Z")).toBe("2026-01-11T02:00:00.000Z");
    expect(next("0 3 * * *", "Europe/Rome", "2026-07-10T12:00:00Z")).toBe("2026-07-11T01:00:00.000Z");
  });

  test("UTC and a zone with no daylight saving", () => {
    expect(next("*/15 * * * *", "UTC", "2026-03-01T10:07:00Z")).toBe("2026-03-01T10:15:00.000Z");
    expect(next("0 9 * * *", "Asia/Kolkata", "2026-03-01T00:00:00Z")).toBe("2026-03-01T03:30:00.000Z");
  });

  test("weekdays count from Sunday = 0, as in cron", () => {
    // 2026-03-06 is a Friday: the next Monday-to-Friday 09:00 in New York after Friday noon is Monday.
    expect(next("0 9 * * 1-5", "America/New_York", "2026-03-06T17:00:00Z")).toBe("2026-03-09T13:00:00.000Z");
    expect(next("0 9 * * 0", "UTC", "2026-03-06T17:00:00Z")).toBe("2026-03-08T09:00:00.000Z");
  });

  test("a run in the hour the spring change skips does not happen that day", () => {
    // Rome moves from 02:00 to 03:00 on 29 March 2026: 02:30 does not exist that day.
    expect(next("30 2 * * *", "Europe/Rome", "2026-03-28T12:00:00Z")).toBe("2026-03-30T00:30:00.000Z");
    // New York moves from 02:00 to 03:00 on 8 March 2026.
    expect(next("30 2 * * *", "America/New_York", "2026-03-07T12:00:00Z")).toBe("2026-03-09T06:30:00.000Z");
  });

  test("a run in the hour the autumn change repeats happens once, at its first occurrence", () => {
    // Rome goes back from 03:00 to 02:00 on 25 October 2026: 02:30 happens at 00:30 and 01:30 UTC.
    const first = next("30 2 * * *", "Europe/Rome", "2026-10-24T12:00:00Z");
    expect(first).toBe("2026-10-25T00:30:00.000Z");
    expect(next("30 2 * * *", "Europe/Rome", first!)).toBe("2026-10-26T01:30:00.000Z");
  });

  test("a day that never comes", () => {
    expect(next("0 0 30 2 *", "UTC", "2026-01-01T00:00:00Z")).toBeUndefined();
  });

  test("the last day of February in a leap year", () => {
    expect(next("0 0 29 2 *", "UTC", "2026-01-01T00:00:00Z")).toBe("2028-02-29T00:00:00.000Z");
  });
});
