import { describe, expect, test } from "vitest";
import { runReleaseTasks } from "../../../src/deployers/one-off/release-gate.js";
import { releaseContext } from "../../../src/deployers/release/release-environment.js";
import type { ReleaseEvent } from "../../../src/deployers/release/release-service.js";
import type { Manifest } from "../../../src/manifest/types.js";
import { manifestOf } from "../../render/helpers.js";
import { releaseInputs, SimulatedWorld } from "../release/simulated-world.js";
import { scriptedTasks } from "./scripted-tasks.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";

/** web migrates; the worker has a release task of its own (or none). */
function shop(version: string, workerVersion = version, workerRelease = true): Manifest {
  const release = workerRelease ? "release: { command: [python, manage.py, warm], timeout: 2m }, " : "";
  return manifestOf(
    `app: shop\nservices:\n` +
      `  web: { image: "${IMAGE}", port: 80, http: {}, release: [python, manage.py, migrate], env: { RELEASE: "${version}" } }\n` +
      `  worker: { image: "${IMAGE}", ${release}env: { RELEASE: "${workerVersion}" } }\n`,
  );
}

async function gate(world: SimulatedWorld, m: Manifest, tasks: ReturnType<typeof scriptedTasks>) {
  const { rendered, values } = releaseInputs(m);
  const events: ReleaseEvent[] = [];
  const ctx = { ...releaseContext(m, { clock: world.sim.clock }), emit: (e: ReleaseEvent) => events.push(e) };
  const result = await runReleaseTasks(m, rendered, values, { release: world.port(), tasks: tasks.port }, ctx, [
    "web",
    "worker",
  ]);
  return { result, events };
}

async function serving(version: string) {
  const world = new SimulatedWorld();
  await world.release(shop(version), "web");
  await world.release(shop(version), "worker");
  return world;
}

describe("release tasks before any release", () => {
  test("a version that already serves runs no release task: no RunTask call, nothing registered", async () => {
    const world = await serving("1");
    const tasks = scriptedTasks({});
    const registeredBefore = world.taskDefinitions.size;
    const { result, events } = await gate(world, shop("1"), tasks);
    expect(result).toEqual({ ok: true, registered: {} });
    expect(tasks.calls).toEqual([]);
    expect(world.taskDefinitions.size).toBe(registeredBefore);
    expect(events).toContainEqual(
      expect.objectContaining({ type: "release-task-planned", service: "web", runs: false }),
    );
  });

  test("a new version runs each release task on its newly registered task definition, in the service's network", async () => {
    const world = await serving("1");
    const tasks = scriptedTasks({});
    const { result } = await gate(world, shop("2"), tasks);
    expect(result.ok).toBe(true);
    const registered = result.ok ? result.registered : {};
    expect(Object.keys(registered)).toEqual(["web", "worker"]);
    expect(tasks.requests.map((r) => [r.taskDefinition, r.container, r.command])).toEqual([
      [registered.web, "web", ["python", "manage.py", "migrate"]],
      [registered.worker, "worker", ["python", "manage.py", "warm"]],
    ]);
    expect(tasks.requests[0]!.placement.networkConfiguration?.awsvpcConfiguration?.subnets?.length).toBeGreaterThan(0);
    expect(tasks.requests[0]!.logs).toMatchObject({ streamPrefix: "web" });
  });

  test("every changed service's task definition is registered before a release task runs", async () => {
    const world = await serving("1");
    const tasks = scriptedTasks({ states: [{ lastStatus: "STOPPED", exitCode: 1 }] });
    const { result, events } = await gate(world, shop("2", "2", false), tasks);
    const registered = events.flatMap((e) => (e.type === "registered" ? [e.service] : []));
    expect(registered).toEqual(["web", "worker"]);
    const lastRegistered = events.findLastIndex((e) => e.type === "registered");
    expect(lastRegistered).toBeLessThan(events.findIndex((e) => e.type === "release-task-started"));
    expect(result.ok).toBe(false);
  });

  test("a change of a service without a release task alone registers nothing here and runs nothing", async () => {
    const world = await serving("1");
    const tasks = scriptedTasks({});
    const { result, events } = await gate(world, shop("1", "2", false), tasks);
    expect(result).toEqual({ ok: true, registered: {} });
    expect(tasks.calls).toEqual([]);
    expect(events.filter((e) => e.type === "registered")).toEqual([]);
  });

  test("a release task that exits 1 holds every release back, and the tasks after it do not run", async () => {
    const world = await serving("1");
    const tasks = scriptedTasks({
      states: [{ lastStatus: "STOPPED", exitCode: 1 }],
      pages: [["django.db.utils.ProgrammingError"]],
    });
    const { result } = await gate(world, shop("2"), tasks);
    expect(tasks.requests).toHaveLength(1);
    expect(result).toMatchObject({
      ok: false,
      outcomes: [
        {
          service: "web",
          result: "failed",
          reason: expect.stringMatching(
            /^release task `python manage.py migrate` exited with code 1; nothing was released/,
          ),
          diagnosis: { logs: [{ lines: ["django.db.utils.ProgrammingError"] }] },
        },
        { service: "worker", result: "failed", reason: expect.stringMatching(/^not released: web's release task/) },
      ],
    });
    // What serves is what served: the gate itself never touches a service.
    expect(world.calls).not.toContain("UpdateService");
    expect(world.versionOf(world.serving("web"))).toBe("1");
  });

  test("the manifest's timeout stops a release task that runs too long", async () => {
    const world = await serving("1");
    const tasks = scriptedTasks({ states: [{ lastStatus: "RUNNING" }] });
    const m = shop("2");
    m.services.web!.release!.timeout = 30;
    const { result } = await gate(world, m, tasks);
    expect(tasks.calls).toContain("StopTask");
    expect(result).toMatchObject({
      ok: false,
      outcomes: [{ reason: expect.stringContaining("ran longer than its timeout of 30s") }, {}],
    });
  });
});
