import { expect, test } from "vitest";
import type { ReleaseRecord } from "../../src/deployers/history/release-record.js";
import type { ReleaseEvent } from "../../src/deployers/release/release-service.js";
import { ciView } from "../../src/ui/ci-lines.js";
import { jsonView } from "../../src/ui/json-events.js";
import type { Output } from "../../src/ui/output.js";
import { releaseRow } from "../../src/ui/releases-report.js";

function capture(json = false): Output & { lines: string[]; notes: string[] } {
  const lines: string[] = [];
  const notes: string[] = [];
  return {
    lines,
    notes,
    json,
    github: false,
    color: false,
    line: (t) => void lines.push(t),
    note: (t) => void notes.push(t),
  };
}

const TASK = "arn:aws:ecs:eu-west-1:123456789012:task/shop-staging/abc";
const events: ReleaseEvent[] = [
  {
    type: "release-task-planned",
    service: "web",
    command: ["python", "manage.py", "migrate"],
    timeoutSeconds: 600,
    runs: true,
  },
  { type: "release-task-started", service: "web", cluster: "shop-staging", taskArn: TASK, taskDefinition: "web:8" },
  { type: "release-task-log", service: "web", taskArn: TASK, line: "Applying shop.0002... OK" },
  { type: "release-task-ended", service: "web", taskArn: TASK, end: "exited", summary: "exited with code 0" },
];

test("the plan names each release task before it runs, then its lines and its end, each a line of its own", () => {
  const out = capture();
  const view = ciView(out, undefined, { now: () => 0, every: () => () => {} });
  for (const event of events) view.release(event);
  expect(out.notes.map((n) => n.slice(9))).toEqual([
    "  web: release task `python manage.py migrate` runs once on the new task definition before any release (timeout 10m)",
    `  web: release task started: ${TASK}`,
    "  web | Applying shop.0002... OK",
    "  web: release task exited with code 0",
  ]);
});

test("--json has every release task event as a release event", () => {
  const out = capture(true);
  const view = jsonView(ciView(out, undefined, { every: () => () => {} }), out);
  for (const event of events) view.release(event);
  expect(out.lines.map((l) => (JSON.parse(l) as { type: string }).type)).toEqual([
    "release-task-planned",
    "release-task-started",
    "release-task-log",
    "release-task-ended",
  ]);
});

test("a run's row in berth releases says what ran and its exit code", () => {
  const run: ReleaseRecord = {
    id: "20261206-120000-0001",
    app: "shop",
    environment: "production",
    kind: "run",
    version: "shop-production-web:8",
    who: "ana",
    host: "laptop",
    startedAt: "2026-12-06T12:00:00.000Z",
    outcome: "succeeded",
    services: [],
    run: { service: "web", command: ["python", "manage.py", "createsuperuser"], taskDefinition: "web:8", exitCode: 0 },
  };
  expect(releaseRow(run).at(-1)).toBe("run web: python manage.py createsuperuser (exit code 0)");
});
