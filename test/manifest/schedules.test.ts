import { describe, expect, test } from "vitest";
import { translateCron } from "../../src/manifest/cron.js";
import { lines, manifest, problems } from "./helpers.js";

const withSchedule = (body: string) =>
  `app: shop\nservices:\n  worker: { image: x }\nschedules:\n  nightly:\n${body.replace(/^/gm, "    ")}\n`;

describe("cron lines become EventBridge Scheduler expressions", () => {
  test.each([
    ["0 3 * * *", "cron(0 3 * * ? *)"],
    ["*/15 * * * *", "cron(*/15 * * * ? *)"],
    ["30 2 1 * *", "cron(30 2 1 * ? *)"],
    ["0 9 * * 1-5", "cron(0 9 ? * 2-6 *)"],
    ["0 9 * * 0", "cron(0 9 ? * 1 *)"],
    ["0 9 * * 7", "cron(0 9 ? * 1 *)"],
    ["0 9 * * 6,0", "cron(0 9 ? * 7,1 *)"],
    ["0 9 * * 5-7", "cron(0 9 ? * 6-7,1 *)"],
    ["0 9 * * MON-FRI", "cron(0 9 ? * MON-FRI *)"],
    ["0 0 1 JAN *", "cron(0 0 1 JAN ? *)"],
    ["@daily", "cron(0 0 * * ? *)"],
    ["@weekly", "cron(0 0 ? * 1 *)"],
  ])("%s → %s", (line, expression) => {
    expect(translateCron(line)).toMatchObject({ ok: true, expression });
  });

  test("the manifest's schedule carries the expression, its zone (UTC unless given) and its command", () => {
    const m = manifest(withSchedule('service: worker\ncommand: [python, manage.py, report]\ncron: "0 3 * * *"'));
    expect(m.schedules.nightly).toEqual({
      name: "nightly",
      service: "worker",
      command: ["python", "manage.py", "report"],
      expression: "cron(0 3 * * ? *)",
      written: "0 3 * * *",
      timezone: "UTC",
    });
  });

  test.each([
    ["15m", "rate(15 minutes)"],
    ["1m", "rate(1 minute)"],
    ["6h", "rate(6 hours)"],
    ["24h", "rate(1 day)"],
    ["90m", "rate(90 minutes)"],
  ])("rate: %s → %s", (rate, expression) => {
    const m = manifest(withSchedule(`service: worker\ncommand: [x]\nrate: ${rate}`));
    expect(m.schedules.nightly!.expression).toBe(expression);
  });

  test("time zones are IANA names, links included", () => {
    for (const zone of ["Europe/Rome", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+5", "US/Eastern"])
      expect(
        manifest(withSchedule(`service: worker\ncommand: [x]\ncron: "0 3 * * *"\ntimezone: ${zone}`)).schedules.nightly!
          .timezone,
      ).toBe(zone);
  });
});

describe("validate refuses what EventBridge Scheduler would, at its line", () => {
  test("both day of month and day of week", () => {
    expect(lines(withSchedule('service: worker\ncommand: [x]\ncron: "0 3 1 * 1"'))).toEqual([
      'berth.yml:8:11: schedules.nightly.cron: "0 3 1 * 1" restricts both the day of the month (1) and the day of the week (1), which EventBridge Scheduler cannot express',
    ]);
    expect(problems(withSchedule('service: worker\ncommand: [x]\ncron: "0 3 1 * 1"'))[0]!.hint).toBe(
      "keep one of them and write * in the other; for both, declare two schedules",
    );
  });

  test.each([
    ["0 3 * *", "has 4 fields; a cron line has 5"],
    ["0 3 * * * *", "has 6 fields"],
    ["60 3 * * *", 'the minute field "60": 60 is outside 0–59'],
    ["0 24 * * *", 'the hour field "24": 24 is outside 0–23'],
    ["0 3 0 * *", 'the day of month field "0": 0 is outside 1–31'],
    ["0 3 * 13 *", 'the month field "13": 13 is outside 1–12'],
    ["0 3 * * 8", 'the day of week field "8": 8 is outside 0–7'],
    ["0 3 * * */2", "EventBridge does not accept a step (/) in the day of the week"],
    ["0 3 L * *", '"L" is not a number'],
    ["0 5-1 * * *", "5-1 runs backwards"],
  ])("cron %s", (cron, message) => {
    const [p] = problems(withSchedule(`service: worker\ncommand: [x]\ncron: "${cron}"`));
    expect(p).toMatchObject({ path: "schedules.nightly.cron", line: 8 });
    expect(p!.message).toContain(message);
  });

  test("a time zone that is not an IANA name, with the name it was probably meant to be", () => {
    expect(lines(withSchedule('service: worker\ncommand: [x]\ncron: "0 3 * * *"\ntimezone: Europe/Roma'))).toEqual([
      'berth.yml:9:15: schedules.nightly.timezone: "Europe/Roma" is not an IANA time zone name; did you mean Europe/Rome?',
    ]);
    for (const zone of ["CET+1", "+01:00", "europe/rome", "EUROPE/ROME", "Mars/Olympus_Mons"])
      expect(
        problems(withSchedule(`service: worker\ncommand: [x]\ncron: "0 3 * * *"\ntimezone: "${zone}"`)),
      ).toMatchObject([{ path: "schedules.nightly.timezone" }]);
  });

  test("a service that is not declared", () => {
    expect(lines(withSchedule('service: wokrer\ncommand: [x]\ncron: "0 3 * * *"'))).toEqual([
      'berth.yml:6:14: schedules.nightly.service: service "wokrer" is not declared in services; did you mean worker?',
    ]);
  });

  test("neither cron nor rate, and both", () => {
    expect(problems(withSchedule("service: worker\ncommand: [x]"))).toMatchObject([
      { path: "schedules.nightly", line: 5, message: "the schedule has neither cron nor rate" },
    ]);
    expect(problems(withSchedule('service: worker\ncommand: [x]\ncron: "0 3 * * *"\nrate: 5m'))).toMatchObject([
      { path: "schedules.nightly.rate", line: 9, message: "a schedule has either cron or rate, not both" },
    ]);
  });

  test("a rate below a minute, or not in whole minutes", () => {
    expect(problems(withSchedule("service: worker\ncommand: [x]\nrate: 30s"))).toMatchObject([
      { path: "schedules.nightly.rate", line: 8 },
    ]);
    expect(problems(withSchedule("service: worker\ncommand: [x]\nrate: 90s"))).toMatchObject([
      { path: "schedules.nightly.rate", line: 8 },
    ]);
  });

  test("a time zone on a rate, which it would not change", () => {
    expect(problems(withSchedule("service: worker\ncommand: [x]\nrate: 1h\ntimezone: Europe/Rome"))).toMatchObject([
      { path: "schedules.nightly.timezone", line: 9 },
    ]);
  });

  test("a schedule without a command", () => {
    expect(problems(withSchedule('service: worker\ncron: "0 3 * * *"'))).toMatchObject([
      { path: "schedules.nightly", line: 5, message: "the schedule has no command" },
    ]);
  });
});

test("an environment drops a schedule with ~, and keeps the others", () => {
  const text = `app: shop
services:
  worker: { image: x }
schedules:
  nightly: { service: worker, command: [report], cron: "0 3 * * *" }
  sweep: { service: worker, command: [sweep], rate: 15m }
environments:
  staging: { schedules: { nightly: ~ } }
`;
  expect(Object.keys(manifest(text, { env: "staging" }).schedules)).toEqual(["sweep"]);
  expect(Object.keys(manifest(text).schedules)).toEqual(["nightly", "sweep"]);
});
