import { expect, test } from "vitest";
import { scheduleStatuses } from "../../../src/deployers/status/schedule-status.js";
import { manifestOf } from "../../render/helpers.js";
import { statusLines } from "../../../src/ui/status-report.js";
import type { ReleaseRecord } from "../../../src/deployers/history/release-record.js";

const m = manifestOf(`app: shop
services:
  worker: { image: x }
schedules:
  nightly: { service: worker, command: [report], cron: "0 3 * * *", timezone: Europe/Rome }
  sweep: { service: worker, command: [sweep], rate: 15m }
`);
const NOW = Date.parse("2026-07-10T12:00:00Z");
const run = (group: string, taskArn: string, lastStatus: string, startedAt: number, extra = {}) => ({
  group,
  taskArn,
  lastStatus,
  startedAt,
  ...extra,
});

test("each schedule with its next run on its zone's clock, and the newest run's outcome from its exit code", () => {
  const statuses = scheduleStatuses(
    m,
    [
      run("berth-schedule:nightly", "arn:aws:ecs:r:1:task/c/old", "STOPPED", NOW - 3000_000, { exitCode: 0 }),
      run("berth-schedule:nightly", "arn:aws:ecs:r:1:task/c/new", "STOPPED", NOW - 600_000, {
        exitCode: 2,
        stoppedAt: NOW - 500_000,
        stoppedReason: "Essential container in task exited",
      }),
      run("service:worker", "arn:aws:ecs:r:1:task/c/svc", "RUNNING", NOW),
    ],
    NOW,
  );
  expect(statuses[0]).toEqual({
    schedule: "nightly",
    service: "worker",
    written: "0 3 * * *",
    timezone: "Europe/Rome",
    nextRun: "2026-07-11T01:00:00.000Z",
    nextRunLocal: "2026-07-11 03:00",
    lastRun: {
      outcome: "failed",
      exitCode: 2,
      reason: "Essential container in task exited",
      task: "new",
      at: new Date(NOW - 500_000).toISOString(),
    },
  });
  // A rate counts from the schedule's creation, which berth does not read: no next run is claimed.
  expect(statuses[1]).toEqual({ schedule: "sweep", service: "worker", written: "rate(15 minutes)", timezone: "UTC" });
});

test("berth status prints each schedule's next run and last run", () => {
  const status = {
    app: "shop",
    environment: "default",
    stack: "shop-default",
    stackStatus: "UPDATE_COMPLETE",
    services: [],
    schedules: scheduleStatuses(
      m,
      [
        run("berth-schedule:nightly", "arn:aws:ecs:r:1:task/c/t1", "STOPPED", NOW - 60_000, {
          exitCode: 0,
          stoppedAt: NOW,
        }),
      ],
      NOW,
    ),
  };
  const out = { json: false, github: false, color: false, line() {}, note() {} };
  expect(statusLines(status, NOW, out)).toEqual([
    "shop default (stack shop-default UPDATE_COMPLETE)",
    "  schedule nightly: 0 3 * * * runs worker, next 2026-07-11 03:00 Europe/Rome (2026-07-11 01:00 UTC)",
    "    last run: 2026-07-10 12:00 UTC succeeded exit 0 (task t1)",
    "  schedule sweep: rate(15 minutes) runs worker",
    "    last run: none ECS still lists (it keeps stopped tasks for about an hour)",
    "no release recorded yet",
  ]);
});

test("each schedule says the revision it runs and the release that shipped it; a family, that nothing served yet", () => {
  const revision = "arn:aws:ecs:r:1:task-definition/shop-default-worker:4";
  const shipped: ReleaseRecord = {
    id: "20260710-100000-ab12",
    app: "shop",
    environment: "default",
    kind: "deploy",
    version: "3f2a1bc",
    who: "ada",
    host: "laptop",
    startedAt: "2026-07-10T10:00:00Z",
    outcome: "succeeded",
    services: [{ service: "worker", result: "released", taskDefinition: revision, images: {} }],
  };
  const targets = { nightly: revision, sweep: "arn:aws:ecs:r:1:task-definition/shop-default-worker" };
  const statuses = scheduleStatuses(m, [], NOW, { targets, history: [shipped] });
  expect(statuses.map((s) => s.runs)).toEqual([
    { taskDefinition: revision, release: "20260710-100000-ab12", version: "3f2a1bc" },
    { taskDefinition: targets.sweep },
  ]);
  const out = { json: false, github: false, color: false, line() {}, note() {} };
  const status = {
    app: "shop",
    environment: "default",
    stack: "shop-default",
    stackStatus: "UPDATE_COMPLETE",
    services: [],
    schedules: statuses,
  };
  const lines = statusLines(status, NOW, out);
  expect(lines).toContain("    runs: shop-default-worker:4, release 20260710-100000-ab12 (version 3f2a1bc)");
  expect(lines).toContain("    runs: shop-default-worker, the family's newest revision (nothing has served yet)");
});
