import { describe, expect, test } from "vitest";
import { advanceUntil, BLUE, describe1, finished, GREEN, MINUTE, release, settledService } from "./helpers.js";

const blueGreen = {
  strategy: "BLUE_GREEN" as const,
  bakeTimeInMinutes: 2,
  alarms: {
    alarmNames: ["shop-default-web/5xx-rate", "shop-default-web/unhealthy-hosts"],
    enable: true,
    rollback: true,
  },
};

describe("what simulated containers leave behind", () => {
  test("tasks carry the containers their task definition names", () => {
    const sim = settledService(blueGreen);
    sim.knowTaskDefinition("web:2", [
      { name: "web", essential: true },
      { name: "proxy", essential: false },
    ]);
    release(sim);
    sim.clock.advance(MINUTE);
    const task = sim.tasks("web").find((t) => t.revisionArn.endsWith("/2"));
    expect(task?.containers.map((c) => c.name)).toEqual(["web", "proxy"]);
  });

  test("a crashing task's essential container exits with code 1 and its last log lines say why", () => {
    const sim = settledService(blueGreen, { newTaskFault: "crash" });
    sim.takeLogs();
    release(sim);
    sim.clock.advance(MINUTE);
    const crashed = sim.describeTasks({
      tasks: sim
        .tasks("web")
        .filter((t) => t.lastStatus === "STOPPED")
        .map((t) => t.taskArn),
    });
    expect(crashed?.tasks[0]).toMatchObject({
      stoppedReason: "Essential container in task exited",
      containers: [{ name: "web", exitCode: 1 }],
    });
    const lines = sim
      .takeLogs()
      .filter((l) => l.taskArn === crashed?.tasks[0]?.taskArn)
      .map((l) => l.message);
    expect(lines.at(-2)).toMatch(/crashes on start/);
    expect(lines.at(-1)).toMatch(/exiting with code 1/);
  });

  test("a task failing its health checks logs each failed check", () => {
    const sim = settledService(blueGreen, { newTaskFault: "unhealthy" });
    sim.takeLogs();
    release(sim);
    sim.clock.advance(MINUTE);
    expect(sim.takeLogs().filter((l) => /fails its health checks/.test(l.message)).length).toBeGreaterThan(2);
  });
});

describe("the alarm fault", () => {
  test("the first watched alarm goes to ALARM during bake time and ECS rolls the release back", () => {
    const sim = settledService(blueGreen, { newTaskFault: "alarm" });
    const arn = release(sim);
    const stages = advanceUntil(sim, arn, finished);
    expect(stages).toContain("BAKE_TIME");
    expect(describe1(sim, arn)).toMatchObject({
      status: "ROLLBACK_SUCCESSFUL",
      alarms: { status: "TRIGGERED", triggeredAlarmNames: ["shop-default-web/5xx-rate"] },
    });
    expect(sim.takeAlarmChanges()).toEqual([
      expect.objectContaining({ name: "shop-default-web/5xx-rate", state: "ALARM" }),
    ]);
  });

  test("the alarm returns to OK two minutes after the release ended, so the next release is not rolled back by it", () => {
    const sim = settledService(blueGreen, { newTaskFault: "alarm" });
    advanceUntil(sim, release(sim), finished);
    sim.takeAlarmChanges();
    sim.clock.advance(2 * MINUTE);
    expect(sim.takeAlarmChanges()).toEqual([
      expect.objectContaining({ name: "shop-default-web/5xx-rate", state: "OK" }),
    ]);
  });
});

describe("requests through the load balancer", () => {
  test("the serving version answers 200; a version with the smoke fault answers 500 though its health checks pass", () => {
    const sim = settledService(
      {
        strategy: "BLUE_GREEN",
        bakeTimeInMinutes: 0,
        lifecycleHooks: [{ targetType: "PAUSE", lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"] }],
      },
      { newTaskFault: "smoke" },
    );
    const arn = release(sim);
    advanceUntil(sim, arn, (d) => d.lifecycleHookDetails.length > 0);
    expect(sim.serveRequest(BLUE, "GET", "/healthz")?.status).toBe(200);
    expect(sim.serveRequest(GREEN, "GET", "/healthz")?.status).toBe(500);
    expect(sim.takeLogs().some((l) => /GET \/healthz -> 500/.test(l.message))).toBe(true);
  });

  test("a target group without a healthy task has nobody to answer", () => {
    const sim = settledService(blueGreen);
    expect(sim.serveRequest(GREEN, "GET", "/")).toBeUndefined();
  });
});

describe("a service deleted and created again", () => {
  test("is a new service: its tasks and deployments are its own, not the deleted one's", () => {
    const sim = settledService(blueGreen);
    advanceUntil(sim, release(sim), finished);
    sim.deleteService({ cluster: "app", service: "web" });
    sim.clock.advance(MINUTE);
    sim.createService({
      cluster: "app",
      serviceName: "web",
      taskDefinition: "web:2",
      desiredCount: 1,
      deploymentConfiguration: blueGreen,
      loadBalancers: [
        {
          targetGroupArn: BLUE,
          containerName: "web",
          containerPort: 8000,
          advancedConfiguration: { alternateTargetGroupArn: GREEN },
        },
      ],
    });
    const deployments = sim.listServiceDeployments({ cluster: "app", service: "web" }).serviceDeployments;
    expect(deployments.map((d) => d.status)).toEqual(["PENDING"]);
    expect(sim.listTasks({ cluster: "app", serviceName: "web" })?.taskArns).toEqual([]);
  });
});
