import { describe, expect, test } from "vitest";
import type { OneOffEvent } from "../../../src/deployers/one-off/run-one-off-task.js";
import { oneOffDiagnosis, runOneOffTask } from "../../../src/deployers/one-off/run-one-off-task.js";
import { endSummary, exitCodeOf, taskEnd } from "../../../src/deployers/one-off/task-end.js";
import { instantClock } from "../../helpers/instant-clock.js";
import { scriptedTasks } from "./scripted-tasks.js";

const TASK = "arn:aws:ecs:eu-west-1:123456789012:task/shop-staging/abc";
const request = {
  cluster: "shop-staging",
  taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-staging-web:7",
  container: "web",
  command: ["python", "manage.py", "migrate"],
  placement: {},
  startedBy: "berth-release-task",
  logs: { group: "/berth/shop/staging/web", streamPrefix: "web" },
};

describe("how a one-off task ended, from its state", () => {
  test("a task that has not stopped has not ended", () => {
    expect(taskEnd({ taskArn: TASK, lastStatus: "DEPROVISIONING", exitCode: 0 }, [])).toBeUndefined();
  });

  test("its container's exit code is the task's, zero or not", () => {
    expect(taskEnd({ taskArn: TASK, lastStatus: "STOPPED", exitCode: 3 }, ["x"])).toEqual({
      kind: "exited",
      taskArn: TASK,
      exitCode: 3,
      lastLines: ["x"],
    });
  });

  test("a task stopped without an exit code never ran its command: ECS's reasons say why", () => {
    const end = taskEnd(
      {
        taskArn: TASK,
        lastStatus: "STOPPED",
        stopCode: "TaskFailedToStart",
        stoppedReason: "Task failed to start",
        containerReason: "CannotPullContainerError: not found",
      },
      [],
    );
    expect(end).toMatchObject({
      kind: "not-started",
      reason: "Task failed to start: CannotPullContainerError: not found",
    });
    expect(exitCodeOf(end!)).toBe(1);
  });

  test("a task stopped on request was stopped, even when its container returned a code", () => {
    const end = taskEnd(
      { taskArn: TASK, lastStatus: "STOPPED", stopCode: "UserInitiated", stoppedReason: "Ctrl-C", exitCode: 143 },
      [],
    );
    expect(end).toMatchObject({ kind: "stopped", reason: "Ctrl-C" });
    expect(endSummary(end!)).toBe("was stopped before it finished: Ctrl-C");
  });
});

describe("running a one-off task to its end", () => {
  test("every log line is streamed once, in order, across pages, and the last ones kept for a diagnosis", async () => {
    const tasks = scriptedTasks({
      states: [
        { lastStatus: "PENDING" },
        { lastStatus: "RUNNING" },
        { lastStatus: "RUNNING" },
        { lastStatus: "STOPPED", exitCode: 0 },
      ],
      pages: [["Operations to perform:"], ["Applying shop.0002... OK", "Applying shop.0003... OK"]],
    });
    const events: OneOffEvent[] = [];
    const end = await runOneOffTask(tasks.port, request, { clock: instantClock(), onEvent: (e) => events.push(e) });
    expect(end).toMatchObject({ kind: "exited", exitCode: 0 });
    expect(events.filter((e) => e.type === "log").map((e) => (e as { line: string }).line)).toEqual([
      "Operations to perform:",
      "Applying shop.0002... OK",
      "Applying shop.0003... OK",
    ]);
    expect(events.filter((e) => e.type === "status").map((e) => (e as { status: string }).status)).toEqual([
      "PENDING",
      "RUNNING",
      "STOPPED",
    ]);
    expect(end.lastLines).toHaveLength(3);
  });

  test("the command and its container go to RunTask as given", async () => {
    const tasks = scriptedTasks({});
    await runOneOffTask(tasks.port, request, { clock: instantClock() });
    expect(tasks.requests).toEqual([request]);
  });

  test("a task ECS refuses to start is not started, with ECS's reason, and nothing is followed", async () => {
    const tasks = scriptedTasks({ runFailure: "RESOURCE:ENI: no free addresses in subnet" });
    const end = await runOneOffTask(tasks.port, request, { clock: instantClock() });
    expect(end).toEqual({ kind: "not-started", reason: "RESOURCE:ENI: no free addresses in subnet", lastLines: [] });
    expect(tasks.calls).toEqual(["RunTask"]);
  });

  test("a task that outlives its timeout is stopped with the reason, and ends timed out", async () => {
    const tasks = scriptedTasks({ states: [{ lastStatus: "RUNNING" }] });
    const clock = instantClock();
    const end = await runOneOffTask(tasks.port, request, { clock, timeoutMs: 60_000, pollMs: 1_000 });
    expect(end).toMatchObject({ kind: "timed-out", timeoutMs: 60_000 });
    expect(tasks.stopped).toEqual([
      { taskArn: expect.any(String), reason: "berth: ran longer than its timeout of 1m and was stopped" },
    ]);
    expect(clock.now()).toBeGreaterThanOrEqual(60_000);
    expect(clock.now()).toBeLessThan(62_000);
  });

  test("detached, it returns once the task started; left on Ctrl-C, it stops following and the task goes on", async () => {
    const detached = scriptedTasks({ states: [{ lastStatus: "RUNNING" }] });
    const end = await runOneOffTask(detached.port, request, { clock: instantClock(), detach: true });
    expect(end).toEqual({ kind: "left", taskArn: expect.stringContaining("task/shop-staging/") });
    expect(detached.calls).toEqual(["RunTask"]);
    const followed = scriptedTasks({ states: [{ lastStatus: "RUNNING" }] });
    const clock = instantClock();
    let leave: () => void = () => {};
    const left = new Promise<void>((resolve) => (leave = resolve));
    const running = runOneOffTask(followed.port, request, {
      clock: { now: clock.now, sleep: async (ms) => void (await clock.sleep(ms), clock.now() > 5_000 && leave()) },
      leave: left,
    });
    expect(await running).toMatchObject({ kind: "left" });
    expect(followed.stopped).toEqual([]);
  });

  test("a diagnosis names the task, its exit code and its last lines", () => {
    const diagnosis = oneOffDiagnosis(
      {
        kind: "exited",
        taskArn: TASK,
        exitCode: 1,
        stoppedReason: "Essential container in task exited",
        lastLines: ["boom"],
      },
      "web",
    );
    expect(diagnosis).toMatchObject({
      stoppedTasks: [
        {
          taskArn: TASK,
          stoppedReason: "Essential container in task exited",
          containers: [{ name: "web", exitCode: 1 }],
        },
      ],
      logs: [{ container: "web", taskId: "abc", lines: ["boom"] }],
    });
  });
});
