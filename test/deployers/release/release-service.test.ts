import { describe, expect, test } from "vitest";
import type { ReleaseEvent } from "../../../src/deployers/release/release-service.js";
import { alarmNames } from "../../../src/render/service-definition.js";
import { OUTPUTS, shop, SimulatedWorld } from "./simulated-world.js";

/** A world where version 1 of both services serves. */
async function servingVersion1(strategy = "bluegreen", extra = "") {
  const world = new SimulatedWorld();
  await world.release(shop("1", strategy, extra), "web");
  await world.release(shop("1", strategy, extra), "worker");
  return world;
}

describe("a release per strategy", () => {
  for (const [strategy, extra] of [
    ["bluegreen", ""],
    ["canary", ", canary: { percent: 10, bake: 1m }"],
    ["linear", ", linear: { percent: 50, interval: 1m }"],
    ["rolling", ""],
  ] as const) {
    test(`${strategy}: the new version is released and serves`, async () => {
      const world = await servingVersion1(strategy, extra);
      const outcome = await world.release(shop("2", strategy, extra), "web");
      expect(outcome).toMatchObject({ service: "web", result: "released" });
      expect(world.versionOf(world.serving("web"))).toBe("2");
      expect(world.violations).toEqual([]);
    });
  }

  test("a worker is released rolling and serves the new version", async () => {
    const world = await servingVersion1();
    expect(await world.release(shop("2"), "worker")).toMatchObject({ result: "released" });
    expect(world.versionOf(world.serving("worker"))).toBe("2");
  });

  test("the same version again is unchanged and touches nothing", async () => {
    const world = await servingVersion1();
    const before = world.calls.length;
    expect(await world.release(shop("1"), "web")).toMatchObject({ result: "unchanged" });
    expect(world.calls.slice(before)).not.toContain("UpdateService");
  });
});

describe("a release that fails ends with production on the old version", () => {
  test("tasks that crash on start: rolled back by the circuit breaker", async () => {
    const world = await servingVersion1();
    world.faults["2"] = "crash";
    const outcome = await world.release(shop("2"), "web");
    expect(outcome).toMatchObject({ result: "rolled-back", reason: expect.stringMatching(/Circuit breaker/) });
    expect(world.versionOf(world.serving("web"))).toBe("1");
    expect(world.versionsBehind(OUTPUTS.WebListenerRule!)).toEqual(["1"]);
    expect(world.violations).toEqual([]);
  });

  test("tasks that fail their health checks: rolled back, the reason names the health check", async () => {
    const world = await servingVersion1();
    world.faults["2"] = "unhealthy";
    expect(await world.release(shop("2"), "web")).toMatchObject({
      result: "rolled-back",
      reason: expect.stringMatching(/health check/),
    });
    expect(world.versionOf(world.serving("web"))).toBe("1");
    expect(world.violations).toEqual([]);
  });

  test("a failing smoke check: berth rolls back at its pause hook and says which check", async () => {
    const world = await servingVersion1();
    world.smokeFails.add("2");
    expect(await world.release(shop("2"), "web")).toMatchObject({
      result: "rolled-back",
      reason: "smoke check /healthz answered 500, expected 200",
    });
    expect(world.versionOf(world.serving("web"))).toBe("1");
    expect(world.violations).toEqual([]);
  });

  test("an alarm during bake: ECS rolls back and the reason names the alarm", async () => {
    const world = await servingVersion1();
    const [alarm] = alarmNames(shop("2"), shop("2").services.web!);
    const events: ReleaseEvent[] = [];
    const onBake = {
      push: (e: ReleaseEvent) => (
        e.type === "progress" && e.stage === "BAKE_TIME" ? world.sim.setAlarmState(alarm!, "ALARM") : undefined,
        events.push(e)
      ),
    };
    const outcome = await world.release(shop("2"), "web", { events: onBake as unknown as ReleaseEvent[] });
    expect(outcome).toMatchObject({ result: "rolled-back", reason: expect.stringContaining(alarm!) });
    expect(world.versionOf(world.serving("web"))).toBe("1");
    expect(world.violations).toEqual([]);
  });
});

describe("the test header", () => {
  test("each release sets a fresh value in the test rule before it sends the new version test traffic", async () => {
    const world = await servingVersion1();
    const earlier = world.testHeaderValue;
    const before = world.calls.length;
    expect(await world.release(shop("2"), "web")).toMatchObject({ result: "released" });
    const calls = world.calls.slice(before);
    expect(calls.indexOf("RotateTestHeader")).toBeGreaterThan(-1);
    expect(calls.indexOf("RotateTestHeader")).toBeLessThan(calls.indexOf("UpdateService"));
    // A value known from an earlier release reaches nothing of this one.
    expect(world.testHeaderValue).not.toBe(earlier);
    expect(calls.filter((c) => c === "RotateTestHeader")).toHaveLength(1);
  });

  test("a worker has no test rule, and its release sets no value", async () => {
    const world = await servingVersion1();
    const before = world.calls.length;
    await world.release(shop("2"), "worker");
    expect(world.calls.slice(before)).not.toContain("RotateTestHeader");
  });
});
