import { describe, expect, test } from "vitest";
import { advanceUntil, describe1, finished, GREEN, MINUTE, release, settledService } from "./helpers.js";

describe("rolling deployments and target health", () => {
  test("a rolling deployment replaces every task with the new revision", () => {
    const sim = settledService({ strategy: "ROLLING" }, { withLoadBalancer: false });
    const arn = release(sim);
    advanceUntil(sim, arn, finished);
    const live = sim.tasks("web").filter((t) => t.lastStatus !== "STOPPED");
    expect(describe1(sim, arn).status).toBe("SUCCESSFUL");
    expect(live.map((t) => t.revisionArn.split("/").pop())).toEqual(["2", "2"]);
  });

  test("crashing tasks trip the circuit breaker and the old revision keeps running", () => {
    const sim = settledService(
      { strategy: "ROLLING", deploymentCircuitBreaker: { enable: true, rollback: true } },
      { newTaskFault: "crash", withLoadBalancer: false },
    );
    const arn = release(sim);
    advanceUntil(sim, arn, finished);
    expect(describe1(sim, arn)).toMatchObject({
      status: "ROLLBACK_SUCCESSFUL",
      rollback: { reason: expect.stringContaining("Essential container in task exited") },
    });
    const live = sim.tasks("web").filter((t) => t.lastStatus !== "STOPPED");
    expect(live.map((t) => t.revisionArn.split("/").pop())).toEqual(["1", "1"]);
    expect(sim.tasks("web").some((t) => t.containers.some((c) => c.exitCode === 1))).toBe(true);
  });

  test("a circuit breaker without rollback stops the deployment where it is", () => {
    const sim = settledService(
      { strategy: "ROLLING", deploymentCircuitBreaker: { enable: true, rollback: false } },
      { newTaskFault: "crash", withLoadBalancer: false },
    );
    const arn = release(sim);
    advanceUntil(sim, arn, finished);
    expect(describe1(sim, arn)).toMatchObject({ status: "STOPPED", deploymentCircuitBreaker: { status: "TRIGGERED" } });
  });

  test("new targets are initial while registering and healthy after the healthy threshold of checks", () => {
    const sim = settledService({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 0 });
    release(sim);
    sim.clock.advance(5_000);
    expect(
      sim.describeTargetHealth({ TargetGroupArn: GREEN }).TargetHealthDescriptions.map((d) => d.TargetHealth.State),
    ).toEqual(["initial", "initial"]);
    sim.clock.advance(MINUTE / 2);
    expect(
      sim.describeTargetHealth({ TargetGroupArn: GREEN }).TargetHealthDescriptions.map((d) => d.TargetHealth.State),
    ).toEqual(["healthy", "healthy"]);
  });

  test("a target failing its health checks is reported with the load balancer's reason, then drained", () => {
    const sim = settledService({ strategy: "BLUE_GREEN", bakeTimeInMinutes: 0 }, { newTaskFault: "unhealthy" });
    release(sim);
    sim.clock.advance(2 * MINUTE);
    const states = sim
      .describeTargetHealth({ TargetGroupArn: GREEN })
      .TargetHealthDescriptions.map((d) => d.TargetHealth);
    expect(states).toContainEqual(
      expect.objectContaining({ State: "draining", Reason: "Target.DeregistrationInProgress" }),
    );
    expect(sim.tasks("web").some((t) => t.stoppedReason?.includes("failed ELB health checks"))).toBe(true);
  });

  test("a fault injected for a task definition makes only its tasks fail", () => {
    const sim = settledService(
      { strategy: "ROLLING", deploymentCircuitBreaker: { enable: true, rollback: true } },
      { withLoadBalancer: false },
    );
    sim.injectFault("web:2", "crash");
    const broken = release(sim);
    advanceUntil(sim, broken, finished);
    const fixed = release(sim, "web:3");
    advanceUntil(sim, fixed, finished);
    expect([describe1(sim, broken).status, describe1(sim, fixed).status]).toEqual([
      "ROLLBACK_SUCCESSFUL",
      "SUCCESSFUL",
    ]);
  });

  test("stopped tasks of a failed release say why they stopped and with which exit code", () => {
    const sim = settledService(
      { strategy: "ROLLING", deploymentCircuitBreaker: { enable: true, rollback: true } },
      { newTaskFault: "crash", withLoadBalancer: false },
    );
    advanceUntil(sim, release(sim), finished);
    const stopped = sim.listTasks({ cluster: "app", serviceName: "web", desiredStatus: "STOPPED" })?.taskArns ?? [];
    const described = sim.describeTasks({ cluster: "app", tasks: stopped })?.tasks ?? [];
    expect(described.find((t) => t.taskDefinitionArn === "web:2")).toMatchObject({
      lastStatus: "STOPPED",
      stoppedReason: "Essential container in task exited",
      stopCode: "EssentialContainerExited",
      containers: [{ exitCode: 1 }],
    });
    expect(stopped[0]).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/app\//);
  });
});
