import { describe, expect, test } from "vitest";
import { SimulatorError } from "../../../src/sandbox/simulator/simulator.js";
import { DeploymentSimulator } from "../../../src/sandbox/simulator/simulator.js";
import { circuitBreakerThreshold } from "../../../src/sandbox/simulator/stages.js";
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
} from "./helpers.js";

const pauseAfterTest = { targetType: "PAUSE" as const, lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT" as const] };

/** A blue/green release of web:2 held by a pause hook after test traffic. */
function pausedRelease() {
  const sim = settledService({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 0, lifecycleHooks: [pauseAfterTest] });
  const arn = release(sim);
  advanceUntil(sim, arn, awaitingHook);
  return { sim, arn, hookId: describe1(sim, arn).lifecycleHookDetails[0]?.hookId ?? "" };
}

describe("pause lifecycle hooks", () => {
  test("a pause hook holds the deployment in AWAITING_ACTION until it is continued", () => {
    const { sim, arn, hookId } = pausedRelease();
    sim.clock.advance(30 * MINUTE);
    expect(describe1(sim, arn)).toMatchObject({ status: "IN_PROGRESS", lifecycleStage: "POST_TEST_TRAFFIC_SHIFT" });
    sim.continueServiceDeployment({ serviceDeploymentArn: arn, hookId, action: "CONTINUE" });
    advanceUntil(sim, arn, finished);
    expect(describe1(sim, arn).status).toBe("SUCCESSFUL");
  });

  test("continuing a pause hook with ROLLBACK returns production to blue", () => {
    const { sim, arn, hookId } = pausedRelease();
    sim.continueServiceDeployment({ serviceDeploymentArn: arn, hookId, action: "ROLLBACK" });
    advanceUntil(sim, arn, finished);
    expect(describe1(sim, arn)).toMatchObject({
      status: "ROLLBACK_SUCCESSFUL",
      lifecycleHookDetails: [{ status: "FAILED" }],
    });
    expect(sim.listenerRuleWeights(PRODUCTION_RULE)).toEqual({ [BLUE]: 100, [GREEN]: 0 });
  });

  test("an unanswered pause hook rolls back when its timeout expires", () => {
    const sim = settledService({
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 0,
      lifecycleHooks: [{ ...pauseAfterTest, timeoutConfiguration: { timeoutInMinutes: 10 } }],
    });
    const arn = release(sim);
    advanceUntil(sim, arn, awaitingHook);
    sim.clock.advance(9 * MINUTE);
    expect(describe1(sim, arn).status).toBe("IN_PROGRESS");
    advanceUntil(sim, arn, finished, 5 * MINUTE);
    expect(describe1(sim, arn)).toMatchObject({
      status: "ROLLBACK_SUCCESSFUL",
      lifecycleHookDetails: [{ status: "TIMED_OUT" }],
      rollback: { reason: expect.stringContaining("timed out") },
    });
  });

  test("a pause hook whose timeout action is CONTINUE lets the deployment go on when it expires", () => {
    const sim = settledService({
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 0,
      lifecycleHooks: [{ ...pauseAfterTest, timeoutConfiguration: { timeoutInMinutes: 1, action: "CONTINUE" } }],
    });
    const arn = release(sim);
    advanceUntil(sim, arn, finished);
    expect(describe1(sim, arn).status).toBe("SUCCESSFUL");
  });

  test("a hook that is not awaiting action cannot be continued", () => {
    const { sim, arn, hookId } = pausedRelease();
    sim.continueServiceDeployment({ serviceDeploymentArn: arn, hookId });
    expect(() => sim.continueServiceDeployment({ serviceDeploymentArn: arn, hookId })).toThrow(SimulatorError);
  });

  test("a pause hook at a traffic shift stage is refused, as ECS refuses it", () => {
    const sim = new DeploymentSimulator();
    expect(() =>
      sim.createService({
        serviceName: "web",
        taskDefinition: "web:1",
        deploymentConfiguration: {
          strategy: "BLUE_GREEN",
          bakeTimeInMinutes: 0,
          lifecycleHooks: [{ targetType: "PAUSE", lifecycleStages: ["TEST_TRAFFIC_SHIFT"] }],
        },
      }),
    ).toThrow(/TEST_TRAFFIC_SHIFT/);
  });
});

describe("failure detection", () => {
  test("an alarm firing during bake time rolls the deployment back", () => {
    const sim = settledService({
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 10,
      alarms: { alarmNames: ["web-5xx"], enable: true, rollback: true },
    });
    const arn = release(sim);
    advanceUntil(sim, arn, (d) => d.lifecycleStage === "BAKE_TIME");
    sim.setAlarmState("web-5xx", "ALARM");
    advanceUntil(sim, arn, finished);
    expect(describe1(sim, arn)).toMatchObject({
      status: "ROLLBACK_SUCCESSFUL",
      alarms: { status: "TRIGGERED", triggeredAlarmNames: ["web-5xx"] },
    });
    expect(sim.listenerRuleWeights(PRODUCTION_RULE)).toEqual({ [BLUE]: 100, [GREEN]: 0 });
  });

  test("green tasks failing health checks never get production traffic, and the circuit breaker rolls back", () => {
    const sim = settledService(
      { strategy: "BLUE_GREEN", bakeTimeInMinutes: 0, deploymentCircuitBreaker: { enable: true, rollback: true } },
      { newTaskFault: "unhealthy" },
    );
    const arn = release(sim);
    const stages = advanceUntil(sim, arn, finished);
    expect(stages).not.toContain("PRODUCTION_TRAFFIC_SHIFT");
    expect(describe1(sim, arn)).toMatchObject({
      status: "ROLLBACK_SUCCESSFUL",
      deploymentCircuitBreaker: { status: "TRIGGERED", threshold: 3 },
    });
    expect(describe1(sim, arn).deploymentCircuitBreaker.failureCount).toBeGreaterThanOrEqual(3);
    expect(describe1(sim, arn).rollback?.reason).toMatch(/ELB health checks/);
  });

  test("without a circuit breaker, unhealthy green tasks keep the deployment in SCALE_UP", () => {
    const sim = settledService({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 0 }, { newTaskFault: "unhealthy" });
    const arn = release(sim);
    sim.clock.advance(30 * MINUTE);
    expect(describe1(sim, arn)).toMatchObject({ status: "IN_PROGRESS", lifecycleStage: "SCALE_UP" });
  });

  test("StopServiceDeployment with ROLLBACK rolls back a deployment in progress", () => {
    const sim = settledService({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 30 });
    const arn = release(sim);
    advanceUntil(sim, arn, (d) => d.lifecycleStage === "BAKE_TIME");
    sim.stopServiceDeployment({ serviceDeploymentArn: arn, stopType: "ROLLBACK" });
    advanceUntil(sim, arn, finished);
    expect(describe1(sim, arn).status).toBe("ROLLBACK_SUCCESSFUL");
  });

  test("a release started while another is in flight supersedes it and begins by reconciling", () => {
    const sim = settledService({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 30 });
    const first = release(sim);
    advanceUntil(sim, first, (d) => d.lifecycleStage === "BAKE_TIME");
    const second = release(sim, "web:3");
    const stages = advanceUntil(sim, second, finished, 60 * MINUTE);
    expect(describe1(sim, first).status).toBe("STOPPED");
    expect(stages[0]).toBe("RECONCILE_SERVICE");
    expect(describe1(sim, second).status).toBe("SUCCESSFUL");
  });

  test.each([
    [1, 3],
    [10, 5],
    [1000, 200],
  ])("the circuit breaker threshold for %i desired tasks is %i", (desired, threshold) => {
    expect(circuitBreakerThreshold(desired)).toBe(threshold);
  });
});
