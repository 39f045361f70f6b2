import { describe, expect, test } from "vitest";
import {
  advanceUntil,
  awaitingHook,
  BLUE,
  describe1,
  finished,
  GREEN,
  MINUTE,
  PRODUCTION_RULE,
  release,
  settledService,
  TEST_RULE,
} from "./helpers.js";

describe("blue/green deployments in the simulator", () => {
  test("a blue/green deployment passes through the documented stages and ends with production on green", () => {
    const sim = settledService({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 1 });
    const arn = release(sim);
    const stages = advanceUntil(sim, arn, finished);
    expect(describe1(sim, arn).status).toBe("SUCCESSFUL");
    expect(stages).toEqual([
      "PRE_SCALE_UP",
      "SCALE_UP",
      "POST_SCALE_UP",
      "TEST_TRAFFIC_SHIFT",
      "POST_TEST_TRAFFIC_SHIFT",
      "PRE_PRODUCTION_TRAFFIC_SHIFT",
      "PRODUCTION_TRAFFIC_SHIFT",
      "POST_PRODUCTION_TRAFFIC_SHIFT",
      "BAKE_TIME",
      "CLEAN_UP",
    ]);
    expect(sim.listenerRuleWeights(PRODUCTION_RULE)).toEqual({ [BLUE]: 0, [GREEN]: 100 });
  });

  test("blue's tasks are drained and stopped at clean-up, and the next release shifts back to blue's target group", () => {
    const sim = settledService({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 0 });
    advanceUntil(sim, release(sim), finished);
    expect(
      sim
        .tasks("web")
        .filter((t) => t.revisionArn.endsWith("/1"))
        .every((t) => t.lastStatus === "STOPPED"),
    ).toBe(true);
    advanceUntil(sim, release(sim, "web:3"), finished);
    expect(sim.listenerRuleWeights(PRODUCTION_RULE)).toEqual({ [GREEN]: 0, [BLUE]: 100 });
  });

  test("test traffic reaches green while production traffic stays on blue", () => {
    const sim = settledService({
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 5,
      lifecycleHooks: [{ targetType: "PAUSE", lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"] }],
    });
    advanceUntil(sim, release(sim), awaitingHook);
    expect(sim.listenerRuleWeights(TEST_RULE)).toEqual({ [BLUE]: 0, [GREEN]: 100 });
    expect(sim.listenerRuleWeights(PRODUCTION_RULE)).toEqual({ [BLUE]: 100, [GREEN]: 0 });
  });

  test("bake time keeps both revisions running for the configured minutes after production shifts", () => {
    const sim = settledService({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 5 });
    const arn = release(sim);
    advanceUntil(sim, arn, (d) => d.lifecycleStage === "BAKE_TIME");
    sim.clock.advance(4 * MINUTE);
    expect(describe1(sim, arn).lifecycleStage).toBe("BAKE_TIME");
    expect(describe1(sim, arn).sourceServiceRevisions[0]?.runningTaskCount).toBe(2);
    sim.clock.advance(2 * MINUTE);
    expect(describe1(sim, arn).lifecycleStage).toBe("CLEAN_UP");
  });

  test("a canary deployment sends the canary percent to green for the canary bake time, then all of it", () => {
    const sim = settledService({
      strategy: "CANARY",
      bakeTimeInMinutes: 0,
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 3 },
    });
    const arn = release(sim);
    advanceUntil(sim, arn, (d) => d.lifecycleStage === "PRODUCTION_TRAFFIC_SHIFT");
    sim.clock.advance(1_000);
    expect(sim.listenerRuleWeights(PRODUCTION_RULE)).toEqual({ [BLUE]: 90, [GREEN]: 10 });
    sim.clock.advance(2 * MINUTE);
    expect(sim.listenerRuleWeights(PRODUCTION_RULE)?.[GREEN]).toBe(10);
    sim.clock.advance(MINUTE + 5_000);
    expect(sim.listenerRuleWeights(PRODUCTION_RULE)?.[GREEN]).toBe(100);
  });

  test("a linear deployment shifts production in equal steps, with a bake between steps", () => {
    const sim = settledService({
      strategy: "LINEAR",
      bakeTimeInMinutes: 0,
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 1 },
    });
    const arn = release(sim);
    const seen: number[] = [];
    advanceUntil(sim, arn, (d) => {
      const green = sim.listenerRuleWeights(PRODUCTION_RULE)?.[GREEN] ?? 0;
      if (seen.at(-1) !== green) seen.push(green);
      return finished(d);
    });
    expect(seen).toEqual([0, 25, 50, 75, 100]);
  });

  test("a pause hook before production traffic pauses at every linear step, each time with a new hook id", () => {
    const sim = settledService({
      strategy: "LINEAR",
      bakeTimeInMinutes: 0,
      linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 0 },
      lifecycleHooks: [{ targetType: "PAUSE", lifecycleStages: ["PRE_PRODUCTION_TRAFFIC_SHIFT"] }],
    });
    const arn = release(sim);
    const hookIds: string[] = [];
    for (let step = 0; step < 2; step++) {
      advanceUntil(sim, arn, awaitingHook);
      const hook = describe1(sim, arn).lifecycleHookDetails.find((h) => h.status === "AWAITING_ACTION");
      hookIds.push(hook?.hookId ?? "");
      sim.continueServiceDeployment({ serviceDeploymentArn: arn, hookId: hook?.hookId ?? "" });
    }
    advanceUntil(sim, arn, finished);
    expect(new Set(hookIds).size).toBe(2);
    expect(describe1(sim, arn).status).toBe("SUCCESSFUL");
  });
});
