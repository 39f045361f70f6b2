import { describe, expect, test } from "vitest";
import type { ReleaseRecord } from "../../../src/deployers/history/release-record.js";
import { closedRun } from "../../../src/deployers/one-off/run-in-environment.js";
import { chooseRollbackTarget } from "../../../src/deployers/rollback/rollback-target.js";

const base = (over: Partial<ReleaseRecord>): ReleaseRecord => ({
  id: "20261206-100000-0001",
  app: "shop",
  environment: "production",
  kind: "deploy",
  version: "v",
  who: "ana",
  host: "laptop",
  startedAt: "2026-12-06T10:00:00.000Z",
  outcome: "succeeded",
  services: [],
  ...over,
});
const served = (id: string, taskDefinition: string) =>
  base({ id, services: [{ service: "web", result: "released", taskDefinition, images: {} }] });
const run = base({
  id: "20261206-120000-0001",
  kind: "run",
  outcome: "in-progress",
  run: { service: "web", command: ["python", "manage.py", "createsuperuser"], taskDefinition: "web:2" },
});

describe("runs in the release history", () => {
  test("a run that succeeded is neither what serves nor a release to roll back to", () => {
    const history = [
      closedRun(run, { kind: "exited", taskArn: "t", exitCode: 0, lastLines: [] }, 0),
      served("b", "web:2"),
      served("a", "web:1"),
    ];
    expect(chooseRollbackTarget(history, {})).toMatchObject({ ok: true, record: { id: "a" } });
  });

  test("a run's record says who ran what and how it ended: its exit code, or why it never ran", () => {
    const finished = Date.parse(run.startedAt) + 5_000;
    expect(closedRun(run, { kind: "exited", taskArn: "t", exitCode: 3, lastLines: [] }, finished)).toMatchObject({
      outcome: "failed",
      reason: "exited with code 3",
      durationMs: 5_000,
      who: "ana",
      run: { command: ["python", "manage.py", "createsuperuser"], exitCode: 3, taskArn: "t" },
    });
    const neverRan = closedRun(
      run,
      { kind: "not-started", reason: "CannotPullContainerError", lastLines: [] },
      finished,
    );
    expect(neverRan).toMatchObject({ outcome: "failed", reason: "could not start: CannotPullContainerError" });
    expect(neverRan.run).not.toHaveProperty("exitCode");
    expect(closedRun(run, { kind: "stopped", taskArn: "t", reason: "Ctrl-C", lastLines: [] }, finished).outcome).toBe(
      "interrupted",
    );
  });
});
