import { describe, expect, test } from "vitest";
import {
  nextPollDelay,
  parseSince,
  tailLogs,
  taskOf,
  type LogEvent,
  type LogLine,
  type LogsPort,
} from "../../src/deployers/service-logs.js";
import { instantClock } from "../helpers/instant-clock.js";

/** A log store with FilterLogEvents' semantics: events at or after startTime, two per page. */
function store() {
  const groups = new Map<string, LogEvent[]>();
  let calls = 0;
  let id = 0;
  const streamsAsked: number[] = [];
  const port: LogsPort = {
    async filterLogEvents({ logGroupName, startTime, logStreamNames, filterPattern, nextToken }) {
      calls++;
      if (logStreamNames) streamsAsked.push(logStreamNames.length);
      // A filter pattern of one term matches the events that contain it.
      const matching = (groups.get(logGroupName) ?? [])
        .filter((e) => e.timestamp >= startTime && (!logStreamNames || logStreamNames.includes(e.logStreamName)))
        .filter((e) => filterPattern === undefined || e.message.includes(filterPattern))
        .sort((a, b) => a.timestamp - b.timestamp);
      const from = nextToken ? Number(nextToken) : 0;
      const next = from + 2 < matching.length ? String(from + 2) : undefined;
      return { events: matching.slice(from, from + 2), ...(next ? { nextToken: next } : {}) };
    },
  };
  return {
    port,
    calls: () => calls,
    streamsAsked,
    put(group: string, task: string, timestamp: number, message: string) {
      groups.set(group, [
        ...(groups.get(group) ?? []),
        { eventId: String(++id), logStreamName: `svc/svc/${task}`, timestamp, message },
      ]);
    },
  };
}

const groups = [
  { service: "web", logGroupName: "/berth/shop/staging/web" },
  { service: "worker", logGroupName: "/berth/shop/staging/worker" },
];

describe("berth logs", () => {
  test("lines of every service since the given time come in time order, prefixed by service and task", async () => {
    const logs = store();
    logs.put("/berth/shop/staging/web", "aaa", 5, "too old");
    logs.put("/berth/shop/staging/web", "aaa", 20, "GET /");
    logs.put("/berth/shop/staging/worker", "bbb", 15, "job 1");
    logs.put("/berth/shop/staging/web", "ccc", 30, "GET /healthz\n");
    const lines: LogLine[] = [];
    await tailLogs(logs.port, groups, { since: 10, follow: false, clock: instantClock() }, (l) => lines.push(l));
    expect(lines).toEqual([
      { service: "worker", task: "bbb", timestamp: 15, message: "job 1" },
      { service: "web", task: "aaa", timestamp: 20, message: "GET /" },
      { service: "web", task: "ccc", timestamp: 30, message: "GET /healthz" },
    ]);
  });

  test("following shows each new line once, even one written at the same millisecond as the last", async () => {
    const logs = store();
    logs.put("/berth/shop/staging/web", "aaa", 20, "first");
    const stop = new AbortController();
    const clock = instantClock(100);
    const seen: string[] = [];
    let polls = 0;
    const timed = {
      now: clock.now,
      sleep: async (ms: number) => {
        await clock.sleep(ms);
        polls++;
        if (polls === 1) logs.put("/berth/shop/staging/web", "aaa", 20, "same millisecond");
        if (polls === 2) logs.put("/berth/shop/staging/web", "aaa", 40, "later");
        if (polls === 4) stop.abort();
      },
    };
    await tailLogs(logs.port, groups.slice(0, 1), { since: 0, follow: true, clock: timed, signal: stop.signal }, (l) =>
      seen.push(l.message),
    );
    expect(seen).toEqual(["first", "same millisecond", "later"]);
  });

  test("a filter pattern is asked of every call, also while following, so only matching lines come back", async () => {
    const logs = store();
    logs.put("/berth/shop/staging/web", "aaa", 20, "GET / 200");
    logs.put("/berth/shop/staging/web", "aaa", 21, "ERROR boom");
    const stop = new AbortController();
    const clock = instantClock(100);
    const seen: string[] = [];
    const timed = {
      now: clock.now,
      sleep: async (ms: number) => {
        await clock.sleep(ms);
        logs.put("/berth/shop/staging/web", "aaa", 30, "ERROR again");
        logs.put("/berth/shop/staging/web", "aaa", 31, "GET /healthz 200");
        stop.abort();
      },
    };
    const options = { since: 0, follow: true, clock: timed, signal: stop.signal, filterPattern: "ERROR" };
    await tailLogs(logs.port, groups.slice(0, 1), options, (l) => seen.push(l.message));
    expect(seen).toEqual(["ERROR boom"]);
    await tailLogs(logs.port, groups.slice(0, 1), { ...options, follow: false }, (l) => seen.push(l.message));
    expect(seen).toEqual(["ERROR boom", "ERROR boom", "ERROR again"]);
  });

  test("a quiet follow backs off to one poll every 10 s, and speeds up again when lines arrive", () => {
    const delays = [true, false, false, false, false, false, true].reduce<number[]>(
      (acc, got) => [...acc, nextPollDelay(acc.at(-1) ?? 1_000, got)],
      [],
    );
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 1_000]);
  });

  test("every page of a long answer is read", async () => {
    const logs = store();
    for (let t = 1; t <= 5; t++) logs.put("/berth/shop/staging/web", "aaa", t, `line ${t}`);
    const lines: string[] = [];
    await tailLogs(logs.port, groups.slice(0, 1), { since: 0, follow: false, clock: instantClock() }, (l) =>
      lines.push(l.message),
    );
    expect(lines).toHaveLength(5);
    expect(logs.calls()).toBe(3);
  });

  test("a group narrowed to streams shows only their lines, asking at most 100 stream names per call", async () => {
    const logs = store();
    logs.put("/berth/shop/staging/web", "aaa", 20, "old release");
    logs.put("/berth/shop/staging/web", "t150", 30, "this release");
    const logStreamNames = Array.from({ length: 250 }, (_, i) => `svc/svc/t${i}`);
    const narrowed = [{ ...groups[0]!, logStreamNames }];
    const lines: LogLine[] = [];
    await tailLogs(logs.port, narrowed, { since: 0, follow: false, clock: instantClock() }, (l) => lines.push(l));
    expect(lines.map((l) => l.message)).toEqual(["this release"]);
    expect(logs.streamsAsked).toEqual([100, 100, 50]);
  });

  test("the task is the last part of the awslogs stream name", () => {
    expect(taskOf("web/web/0f1e2d3c4b5a69788796a5b4c3d2e1f0")).toBe("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
  });

  test("--since takes a duration or an ISO time, and says how to write one otherwise", () => {
    expect(parseSince("10m", 1_000_000)).toBe(400_000);
    expect(parseSince("2026-11-28T09:00:00Z", 0)).toBe(Date.parse("2026-11-28T09:00:00Z"));
    expect(() => parseSince("yesterday", 0)).toThrow("--since yesterday is not a duration or a time");
  });
});
