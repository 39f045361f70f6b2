import { describe, expect, test } from "vitest";
import type { ReleaseRecord } from "../../../src/deployers/history/release-record.js";
import type { ServiceOutcome } from "../../../src/deployers/release/release-service.js";
import { rollbackEnvironment } from "../../../src/deployers/rollback/rollback-environment.js";
import { chooseRollbackTarget } from "../../../src/deployers/rollback/rollback-target.js";
import { shop, SimulatedWorld } from "../release/simulated-world.js";

let sequence = 0;
function record(outcome: ReleaseRecord["outcome"], web: Partial<ServiceOutcome>, version = "v"): ReleaseRecord {
  sequence += 1;
  const services = [
    {
      service: "web",
      result: web.result ?? "released",
      images: web.images ?? { web: "repo@sha256:x" },
      ...(web.taskDefinition ? { taskDefinition: web.taskDefinition } : {}),
    },
  ] as ReleaseRecord["services"];
  return {
    id: `2026112${sequence}`,
    app: "shop",
    environment: "default",
    kind: "deploy",
    version,
    who: "ana",
    host: "laptop",
    startedAt: "",
    outcome,
    services,
  };
}

describe("choosing where a rollback returns", () => {
  const current = record("succeeded", { taskDefinition: "td:3" });
  const failed = record("rolled-back", { result: "rolled-back", taskDefinition: "td:2" });
  const noop = record("succeeded", { result: "unchanged", taskDefinition: "td:3" });
  const good = record("succeeded", { taskDefinition: "td:1" });
  const history = [current, failed, noop, good];

  test("the last successful release that served something else than the current one", () => {
    expect(chooseRollbackTarget(history, {})).toMatchObject({ ok: true, record: { id: good.id } });
  });

  test("--to names a release; one that did not succeed is refused", () => {
    expect(chooseRollbackTarget(history, { to: good.id })).toMatchObject({ ok: true, record: { id: good.id } });
    expect(chooseRollbackTarget(history, { to: failed.id })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/did not succeed/),
    });
  });

  test("nothing to return to is said, with what to do", () => {
    expect(chooseRollbackTarget([current], {})).toMatchObject({ ok: false, fix: expect.stringMatching(/--to/) });
  });
});

/** Versions 1 then 2 released on a simulated world, with their history records. */
async function twoReleases() {
  const world = new SimulatedWorld();
  const v1 = await world.release(shop("1"), "web");
  const v2 = await world.release(shop("2"), "web");
  const history = [record("succeeded", v2, "2"), record("succeeded", v1, "1")];
  return { world, v1, v2, history };
}

function rollback(world: SimulatedWorld, history: ReleaseRecord[], imageGone = false) {
  const m = shop("2");
  const ports = {
    ...world.environmentPorts(m),
    history: { list: async () => history, get: async () => undefined, put: async () => undefined },
    preflight: { imageExists: async () => (imageGone ? ("missing" as const) : ("exists" as const)) },
  };
  return rollbackEnvironment(m, ports, {
    services: ["web"],
    confirm: async () => true,
    clock: world.sim.clock,
    releasePollMs: 1_000,
    onRelease: world.emitter(),
  });
}

describe("berth rollback", () => {
  test("re-releases the previous good release's task definition through the same checks", async () => {
    const { world, v1, history } = await twoReleases();
    const outcome = await rollback(world, history);
    expect(outcome).toMatchObject({
      ok: true,
      target: { id: history[1]!.id, version: "1" },
      releases: [{ service: "web", result: "released", taskDefinition: v1.taskDefinition }],
    });
    expect(world.serving("web")).toBe(v1.taskDefinition);
    expect(world.violations).toEqual([]);
  });

  test("an image that is gone is refused before anything changes", async () => {
    const { world, v2, history } = await twoReleases();
    const before = world.calls.length;
    const outcome = await rollback(world, history, true);
    expect(outcome).toMatchObject({
      ok: false,
      refused: { reason: expect.stringMatching(/gone from their registry/) },
    });
    expect(world.calls.slice(before)).not.toContain("UpdateService");
    expect(world.serving("web")).toBe(v2.taskDefinition);
  });

  test("a release in flight is stopped with ROLLBACK and production stays on the version before", async () => {
    const { world, v2, history } = await twoReleases();
    const port = world.port();
    const paused = {
      ...port,
      describeDeployment: async (arn: string) => {
        const state = await port.describeDeployment(arn);
        if (state?.hooks.some((h) => h.status === "AWAITING_ACTION")) throw new Error("killed at the pause");
        return state;
      },
    };
    await expect(world.release(shop("3"), "web", { port: paused })).rejects.toThrow("killed");
    const outcome = await rollback(world, history);
    expect(outcome).toMatchObject({ ok: true, releases: [{ service: "web", result: "rolled-back" }] });
    expect(outcome.target).toBeUndefined();
    expect(world.serving("web")).toBe(v2.taskDefinition);
    expect(world.calls).toContain("StopServiceDeployment");
  });
});

test("a service that already serves the release rolled back to is left alone", async () => {
  const world = new SimulatedWorld();
  const v1 = await world.release(shop("1"), "web");
  const history = [
    record("succeeded", { taskDefinition: v1.taskDefinition! }, "2"),
    record("succeeded", { taskDefinition: v1.taskDefinition! }, "1"),
  ];
  const before = world.calls.length;
  const outcome = await rollback(world, [record("succeeded", { taskDefinition: "web:elsewhere" }, "3"), ...history]);
  expect(outcome.releases).toEqual([expect.objectContaining({ service: "web", result: "unchanged" })]);
  expect(world.calls.slice(before)).not.toContain("UpdateService");
});
