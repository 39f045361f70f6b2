import { describe, expect, test } from "vitest";
import { finishRecord } from "../../../src/deployers/history/record-outcome.js";
import type { ReleaseRecord } from "../../../src/deployers/history/release-record.js";
import { planLines, planRollback } from "../../../src/deployers/rollback/rollback-plan.js";
import { environmentStatus, type ObservedService } from "../../../src/deployers/status/environment-status.js";
import { statusLines } from "../../../src/ui/status-report.js";
import { manifestOf } from "../../render/helpers.js";

const td = (service: string, n: number) => `arn:aws:ecs:us-east-1:1:task-definition/shop-default-${service}:${n}`;
const m = manifestOf(
  "app: shop\nservices:\n  web: { image: nginx, port: 80, http: {} }\n  worker: { image: nginx }\n",
  {
    vars: {},
  },
);
const plain = { json: false, github: false, color: false, line: () => {}, note: () => {} };

function record(
  id: string,
  version: string,
  services: ReleaseRecord["services"],
  extra: Partial<ReleaseRecord> = {},
): ReleaseRecord {
  return {
    id,
    app: "shop",
    environment: "default",
    kind: "deploy",
    version,
    who: "ana",
    host: "laptop",
    startedAt: `2026-12-06T1${id}:00:00.000Z`,
    outcome: "succeeded",
    services,
    ...extra,
  };
}
const released = (service: string, n: number) =>
  ({ service, result: "released", taskDefinition: td(service, n), images: { [service]: `repo@sha256:${n}` } }) as const;
const unchanged = (service: string, n: number) =>
  ({ service, result: "unchanged", taskDefinition: td(service, n), images: {} }) as const;

// v1 ships both, v2 web only, then a rollback to v1 (a record whose version is the target's).
const r1 = record("1", "v1", [released("web", 1), released("worker", 1)]);
const r2 = record("2", "v2", [released("web", 2), unchanged("worker", 1)]);
const r3 = record("3", "v1", [released("web", 1), unchanged("worker", 1)], { kind: "rollback", rollbackTo: "1" });

function status(history: ReleaseRecord[], web: number, worker: number) {
  const service = (name: string, n: number): ObservedService => ({
    name,
    alarms: [],
    counts: { desired: 1, running: 1, pending: 0 },
    serving: { taskDefinition: td(name, n), images: {} },
  });
  return environmentStatus(
    m,
    {
      stack: { status: "UPDATE_COMPLETE", outputs: {} },
      services: [service("web", web), service("worker", worker)],
      ruleWeights: {},
      history,
    },
    0,
  );
}

describe("status names what serves by the release that first shipped it", () => {
  test("after a rollback, web names release 1 and version v1, never the rollback or the release rolled back", () => {
    const s = status([r3, r2, r1], 1, 1);
    expect(s.services[0]?.serving).toMatchObject({ release: "1", version: "v1" });
    expect(s.version).toEqual({ version: "v1", release: "3" });
    expect(statusLines(s, 0, plain).join("\n")).toContain("web: serving release 1 (v1, shop-default-web:1)");
  });

  test("services on different versions are named mixed, in plain text", () => {
    const s = status([r2, r1], 1, 1);
    const mixedHistory = [record("4", "v4", [released("worker", 4)]), r2, r1];
    const mixed = environmentStatus(
      m,
      {
        stack: { status: "UPDATE_COMPLETE", outputs: {} },
        services: [
          {
            name: "web",
            alarms: [],
            counts: { desired: 1, running: 1, pending: 0 },
            serving: { taskDefinition: td("web", 1), images: {} },
          },
          {
            name: "worker",
            alarms: [],
            counts: { desired: 1, running: 1, pending: 0 },
            serving: { taskDefinition: td("worker", 4), images: {} },
          },
        ],
        ruleWeights: {},
        history: mixedHistory,
      },
      0,
    );
    expect(s.mixed).toBeUndefined();
    expect(mixed.mixed).toEqual({ web: "v1", worker: "v4" });
    expect(statusLines(mixed, 0, plain).join("\n")).toContain("mixed versions: web v1, worker v4");
  });

  test("a task definition an interrupted release left serving names that release as interrupted", () => {
    const interrupted = record("5", "v5", [], {
      outcome: "interrupted",
      startedAt: "2026-12-06T15:00:00.000Z",
      finishedAt: "2026-12-06T15:02:00.000Z",
    });
    const s = environmentStatus(
      m,
      {
        stack: { status: "UPDATE_COMPLETE", outputs: {} },
        services: [
          {
            name: "web",
            alarms: [],
            counts: { desired: 1, running: 1, pending: 0 },
            lastSuccessful: { arn: "d", status: "SUCCESSFUL", createdAt: Date.parse("2026-12-06T15:01:00.000Z") },
            serving: { taskDefinition: td("web", 5), images: {} },
          },
        ],
        ruleWeights: {},
        history: [interrupted, r1],
      },
      0,
    );
    expect(statusLines(s, 0, plain).join("\n")).toContain(
      "web: serving release 5 (v5, shop-default-web:5, interrupted; berth deploy finishes it)",
    );
  });
});

describe("the history records what served at each release's end", () => {
  const strategies = { web: "bluegreen", worker: "rolling" };

  test("a deploy whose web rolled back and whose worker returned leaves the version before", () => {
    const start = record("6", "v6", [], { outcome: "in-progress" });
    const done = finishRecord(
      start,
      {
        ok: false,
        stacks: [],
        releases: [
          { service: "web", result: "rolled-back", taskDefinition: td("web", 6), servingTaskDefinition: td("web", 2) },
          {
            service: "worker",
            result: "rolled-back",
            taskDefinition: td("worker", 6),
            servingTaskDefinition: td("worker", 1),
          },
        ],
      },
      strategies,
      Date.parse("2026-12-06T16:05:00.000Z"),
      [r2, r1],
    );
    expect(done.servingVersion).toBe("v2");
    expect(done.mixedVersions).toBeUndefined();
    expect(done.services.map((s) => s.servingTaskDefinition)).toEqual([td("web", 2), td("worker", 1)]);
  });

  test("a deploy that left the worker on the new version records mixed versions", () => {
    const done = finishRecord(
      record("7", "v7", [], { outcome: "in-progress" }),
      {
        ok: false,
        stacks: [],
        releases: [
          { service: "web", result: "rolled-back", taskDefinition: td("web", 7), servingTaskDefinition: td("web", 2) },
          { service: "worker", result: "released", taskDefinition: td("worker", 7) },
        ],
      },
      strategies,
      Date.parse("2026-12-06T17:05:00.000Z"),
      [r2, r1],
    );
    expect(done.mixedVersions).toEqual({ worker: "v7", web: "v2" });
  });

  test("a rollback of web alone records what the worker kept serving", () => {
    const done = finishRecord(
      record("8", "v1", [], { kind: "rollback", outcome: "in-progress" }),
      { ok: true, stacks: [], releases: [{ service: "web", result: "released", taskDefinition: td("web", 1) }] },
      strategies,
      Date.parse("2026-12-06T18:05:00.000Z"),
      [r2, r1],
    );
    expect(done.services).toContainEqual(
      expect.objectContaining({ service: "worker", result: "unchanged", servingTaskDefinition: td("worker", 1) }),
    );
  });

  test("a refusal before any change is recorded as refused, with no version", () => {
    const done = finishRecord(
      record("9", "v1", [], { kind: "rollback", outcome: "in-progress" }),
      { ok: false, stacks: [], releases: [], refused: { reason: "no terminal to ask" } },
      strategies,
      Date.parse("2026-12-06T19:05:00.000Z"),
      [r2, r1],
    );
    expect(done).toMatchObject({ outcome: "refused", reason: "no terminal to ask; nothing was changed" });
    expect(done.servingVersion).toBeUndefined();
  });
});

describe("a rollback's plan moves the whole environment", () => {
  test("a service the target did not record moves to what the release before it left serving, said before", () => {
    // An old record (before berth kept what served) that names web alone.
    const webOnly = record("a", "v2", [released("web", 2)]);
    const history = [record("b", "v3", [released("web", 3), released("worker", 3)]), webOnly, r1];
    const moves = planRollback(webOnly, { web: td("web", 3), worker: td("worker", 3) }, history);
    expect(moves).toEqual([
      expect.objectContaining({ service: "web", to: td("web", 2) }),
      expect.objectContaining({ service: "worker", to: td("worker", 1) }),
    ]);
    expect(planLines(moves, webOnly, history)).toEqual([
      "web: moves from shop-default-web:3 (version v3, release b) to shop-default-web:2 (version v2, release a)",
      "worker: moves from shop-default-worker:3 (version v3, release b) to shop-default-worker:1 (version v1, release 1)",
      "the environment returns to version v2 (release a)",
    ]);
  });

  test("a service that serves the target's already stays, and one with nothing recorded stays, saying why", () => {
    const moves = planRollback(r1, { web: td("web", 1), beat: td("beat", 1) }, [r2, r1]);
    expect(moves).toEqual([
      expect.objectContaining({ service: "web", stays: "it serves that already" }),
      expect.objectContaining({
        service: "beat",
        stays: "release 1 and the releases before it recorded nothing for it",
      }),
    ]);
  });
});

test("a second rollback goes before the release the first returned to, never forward to the one it left", async () => {
  const { chooseRollbackTarget } = await import("../../../src/deployers/rollback/rollback-target.js");
  const r0 = record("0", "v0", [released("web", 0), released("worker", 0)]);
  expect(chooseRollbackTarget([r3, r2, r1, r0], {})).toMatchObject({ ok: true, record: { id: "0" } });
});
