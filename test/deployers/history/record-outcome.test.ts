import { describe, expect, test } from "vitest";
import {
  abortRecord,
  finishRecord,
  startRecord,
  type ReleaseStart,
} from "../../../src/deployers/history/record-outcome.js";
import { recordedRelease, recordInterruptedReleases } from "../../../src/deployers/history/recorded-release.js";
import type { HistoryPort, ReleaseRecord } from "../../../src/deployers/history/release-record.js";
import { instantClock } from "../../helpers/instant-clock.js";

const T0 = Date.UTC(2026, 10, 28, 10, 15);
const start: ReleaseStart = {
  id: "20261128-101500-ab12",
  app: "shop",
  environment: "production",
  kind: "deploy",
  version: "abc1234",
  gitSha: "abc1234",
  actor: { user: "ana", host: "runner-1", ciUrl: "https://github.com/acme/shop/actions/runs/42" },
  strategies: { web: "bluegreen", worker: "rolling" },
  startedAt: T0,
};
const images = { web: "repo/web@sha256:aa", worker: "repo/worker@sha256:bb" };
const td = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/shop-production-web:${n}`;

function memoryHistory(): HistoryPort & { writes: ReleaseRecord[] } {
  const writes: ReleaseRecord[] = [];
  return {
    writes,
    put: async (r) => void writes.push(r),
    list: async () => [...writes].reverse(),
    get: async (_a, _e, id) => writes.findLast((r) => r.id === id),
  };
}

describe("release records", () => {
  test("a release starts in progress, with who ran it and from which CI run", () => {
    expect(startRecord(start)).toEqual({
      id: "20261128-101500-ab12",
      app: "shop",
      environment: "production",
      kind: "deploy",
      version: "abc1234",
      gitSha: "abc1234",
      who: "ana",
      host: "runner-1",
      ciUrl: "https://github.com/acme/shop/actions/runs/42",
      strategy: "bluegreen+rolling",
      startedAt: "2026-11-28T10:15:00.000Z",
      outcome: "in-progress",
      services: [],
    });
  });

  test("a deploy pre-flight stopped records what was missing, not that it did not finish", () => {
    const missing = {
      service: "web",
      reference: "STRIPE (secretsmanager:prod/stripe)",
      message: "the Secrets Manager secret prod/stripe does not exist in us-east-1",
    };
    const result = { ok: false, stacks: [], preflight: { problems: [missing, { ...missing, service: "worker" }] } };
    expect(finishRecord(startRecord(start), result, start.strategies, T0 + 1000)).toMatchObject({
      outcome: "failed",
      reason:
        "pre-flight: web: STRIPE (secretsmanager:prod/stripe): the Secrets Manager secret prod/stripe does not exist in us-east-1 (and 1 more); nothing was changed",
    });
  });

  test("a successful deploy records each service's task definition, pinned image and strategy", () => {
    const releases = [
      { service: "web", result: "released", taskDefinition: td(4) },
      { service: "worker", result: "unchanged", taskDefinition: td(2) },
    ];
    const record = finishRecord(
      startRecord(start),
      { ok: true, stacks: [], images, releases },
      start.strategies,
      T0 + 90_000,
    );
    expect(record).toMatchObject({ outcome: "succeeded", finishedAt: "2026-11-28T10:16:30.000Z", durationMs: 90_000 });
    expect(record.services).toEqual([
      {
        service: "web",
        result: "released",
        taskDefinition: td(4),
        images: { web: images.web },
        strategy: "bluegreen",
        servingTaskDefinition: td(4),
      },
      {
        service: "worker",
        result: "unchanged",
        taskDefinition: td(2),
        images: { worker: images.worker },
        strategy: "rolling",
        servingTaskDefinition: td(2),
      },
    ]);
    expect(record.servingVersion).toBe(start.version);
  });

  test("a release ECS rolled back is recorded as rolled back, with the service's reason and diagnosis", () => {
    const releases = [
      {
        service: "web",
        result: "rolled-back",
        reason: "targets unhealthy",
        taskDefinition: td(5),
        diagnosis: { alarms: [] },
      },
    ];
    const record = finishRecord(
      startRecord(start),
      { ok: false, stacks: [], images, releases },
      start.strategies,
      T0 + 1,
    );
    expect(record).toMatchObject({
      outcome: "rolled-back",
      reason: "web: rolled-back: targets unhealthy",
      services: [{ diagnosis: { alarms: [] } }],
    });
  });

  test("a deploy that stopped at a stack records the stack and its status", () => {
    const stacks = [{ result: "failed" as const, stackName: "shop-production", status: "UPDATE_ROLLBACK_COMPLETE" }];
    expect(finishRecord(startRecord(start), { ok: false, stacks }, {}, T0 + 1)).toMatchObject({
      outcome: "failed",
      reason: "stack shop-production: failed (UPDATE_ROLLBACK_COMPLETE)",
    });
  });

  test("a deploy that removed a service (its stack deleted) succeeded", () => {
    const stacks = [
      { result: "deleted" as const, stackName: "shop-production-worker" },
      { result: "unchanged" as const, stackName: "shop-production" },
    ];
    const releases = [{ service: "worker", result: "removed" }];
    expect(finishRecord(startRecord(start), { ok: true, stacks, releases }, {}, T0 + 1)).toMatchObject({
      outcome: "succeeded",
    });
  });

  test("images the engine reports per container win over the pushed image of the service", () => {
    const releases = [
      { service: "web", result: "released", images: { web: "repo/web@sha256:cc", sidecar: "envoy@sha256:dd" } },
    ];
    expect(
      finishRecord(startRecord(start), { ok: true, stacks: [], images, releases }, {}, T0).services[0]?.images,
    ).toEqual({ web: "repo/web@sha256:cc", sidecar: "envoy@sha256:dd" });
  });

  test("an aborted release keeps its services and says why", () => {
    expect(abortRecord(startRecord(start), "interrupted", "SIGTERM", T0 + 5_000)).toMatchObject({
      outcome: "interrupted",
      reason: "SIGTERM",
      durationMs: 5_000,
    });
  });
});

describe("recordedRelease", () => {
  test("writes the release in progress before the work, and its outcome after", async () => {
    const history = memoryHistory();
    const seen: string[] = [];
    await recordedRelease(
      history,
      start,
      async () => {
        seen.push(history.writes.map((w) => w.outcome).join(","));
        return { ok: true, stacks: [] };
      },
      instantClock(T0),
    );
    expect(seen).toEqual(["in-progress"]);
    expect(history.writes.map((w) => w.outcome)).toEqual(["in-progress", "succeeded"]);
  });

  test("a deploy that throws is recorded as failed with the error, and the error still reaches the caller", async () => {
    const history = memoryHistory();
    const run = recordedRelease(
      history,
      start,
      async () => {
        throw new Error("ECS UpdateService failed: AccessDenied");
      },
      instantClock(T0),
    );
    await expect(run).rejects.toThrow("AccessDenied");
    expect(history.writes.at(-1)).toMatchObject({
      outcome: "failed",
      reason: "ECS UpdateService failed: AccessDenied",
    });
  });

  test("a release a killed run left in progress is closed as interrupted by the next one, which took the lock", async () => {
    const history = memoryHistory();
    const orphan = startRecord({ ...start, id: "20261128-100000-0001", startedAt: T0 - 900_000 });
    await history.put(orphan);
    await recordedRelease(history, start, async () => ({ ok: true, stacks: [] }), instantClock(T0));
    expect(history.writes.slice(1).map((w) => [w.id, w.outcome])).toEqual([
      [orphan.id, "interrupted"],
      [start.id, "in-progress"],
      [start.id, "succeeded"],
    ]);
    expect(history.writes[1]?.reason).toContain(`release ${start.id} took over the lock`);
  });

  test("an interrupt closes the open release as interrupted, once", async () => {
    const history = memoryHistory();
    let interrupt = Promise.resolve();
    await recordedRelease(
      history,
      start,
      async () => {
        interrupt = recordInterruptedReleases("SIGINT: web left at its pause hook", [
          { service: "web", result: "interrupted", images: {} },
        ]);
        await interrupt;
        return { ok: false, stacks: [] };
      },
      instantClock(T0),
    );
    expect(history.writes.map((w) => w.outcome)).toEqual(["in-progress", "interrupted"]);
    expect(history.writes[1]).toMatchObject({
      reason: "SIGINT: web left at its pause hook",
      services: [{ service: "web", result: "interrupted" }],
    });
  });
});
