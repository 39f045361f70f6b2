import { describe, expect, test } from "vitest";
import { ONE_OFF_TIMING, OneOffTasks } from "../../src/sandbox/simulator/one-off-tasks.js";
import { virtualClock } from "../../src/sandbox/simulator/virtual-clock.js";

const TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/shop-default-web:2";
const ALL = ONE_OFF_TIMING.provisionMs + ONE_OFF_TIMING.pullMs + ONE_OFF_TIMING.runMs + ONE_OFF_TIMING.deprovisionMs;

function started(fault?: string, override?: string) {
  const clock = virtualClock();
  const tasks = new OneOffTasks(clock, "us-east-1");
  const environment = override ? [{ name: "BERTH_SANDBOX_FAIL", value: override }] : [];
  const { tasks: run } = tasks.runTask(
    {
      cluster: "shop-default",
      taskDefinition: TD,
      overrides: { containerOverrides: [{ name: "web", command: ["python", "manage.py", "migrate"], environment }] },
    },
    [{ name: "web", ...(fault ? { fault } : {}) }],
  );
  const taskArn = run[0]!.taskArn;
  const state = () => tasks.describeTasks({ tasks: [taskArn] })!.tasks[0]!;
  return { clock, tasks, taskArn, state };
}

describe("one-off tasks in the sandbox", () => {
  test("a task goes through Fargate's states, logs its command and exits 0", () => {
    const { clock, tasks, state } = started();
    expect(state().lastStatus).toBe("PROVISIONING");
    clock.advance(ONE_OFF_TIMING.provisionMs);
    expect(state().lastStatus).toBe("PENDING");
    clock.advance(ONE_OFF_TIMING.pullMs);
    expect(state().lastStatus).toBe("RUNNING");
    clock.advance(ALL);
    expect(state()).toMatchObject({
      lastStatus: "STOPPED",
      stopCode: "EssentialContainerExited",
      containers: [{ exitCode: 0 }],
    });
    const lines = tasks.takeLogs();
    expect(lines.map((l) => l.message)).toEqual([
      '[berth sandbox] web: running "python manage.py migrate" (simulated; the sandbox runs no containers)',
      "[berth sandbox] web: exiting with code 0",
    ]);
    expect(lines[0]).toMatchObject({ revisionArn: TD, container: "web" });
    expect(tasks.takeLogs()).toEqual([]);
  });

  test("BERTH_SANDBOX_FAIL=release, in the task definition or in RunTask's override, logs an error and exits 1", () => {
    for (const run of [started("release"), started(undefined, "release")]) {
      run.clock.advance(ALL);
      expect(run.state().containers[0]).toMatchObject({ exitCode: 1 });
      expect(run.tasks.takeLogs().map((l) => l.message)).toContain(
        `[berth sandbox] web: Error: the command failed (the sandbox's "release" fault)`,
      );
    }
  });

  test("start: the task never starts; hang: it runs until StopTask, which stops it as UserInitiated", () => {
    const never = started("start");
    never.clock.advance(ALL);
    expect(never.state()).toMatchObject({
      stopCode: "TaskFailedToStart",
      containers: [{ reason: expect.stringMatching(/CannotPullContainerError/) }],
    });
    expect(never.state().containers[0]).not.toHaveProperty("exitCode");
    const hung = started("hang");
    hung.clock.advance(10 * ALL);
    expect(hung.state().lastStatus).toBe("RUNNING");
    hung.tasks.stopTask({ task: hung.taskArn, reason: "timed out" });
    hung.clock.advance(ALL);
    expect(hung.state()).toMatchObject({
      lastStatus: "STOPPED",
      stopCode: "UserInitiated",
      stoppedReason: "timed out",
    });
  });

  test("tasks it did not start are left to moto", () => {
    const { tasks } = started();
    expect(
      tasks.describeTasks({ tasks: ["arn:aws:ecs:us-east-1:123456789012:task/shop-default/other"] }),
    ).toBeUndefined();
    expect(tasks.stopTask({ task: "other" })).toBeUndefined();
  });
});
