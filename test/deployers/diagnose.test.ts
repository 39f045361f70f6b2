import { describe, expect, test } from "vitest";
import { diagnoseFailedRelease, type DiagnosisPort, type StoppedTask } from "../../src/deployers/release/diagnose.js";
import { diagnosisLines } from "../../src/ui/diagnosis-lines.js";

const NEW = "arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:2";
const OLD = "arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:1";
const task = (id: string, taskDefinition: string, stoppedAt: number, exitCode?: number): StoppedTask => ({
  taskArn: `arn:aws:ecs:us-east-1:123456789012:task/shop/${id}`,
  taskDefinition,
  stoppedAt,
  stoppedReason: exitCode === undefined ? "Task failed ELB health checks" : "Essential container in task exited",
  containers: [{ name: "web", ...(exitCode === undefined ? {} : { exitCode }) }],
});

function fakePort(tasks: StoppedTask[], reads: string[] = []): DiagnosisPort {
  return {
    stoppedTasks: async () => tasks,
    containerLogs: async () => [{ container: "web", group: "/shop/web", streamPrefix: "web" }],
    targetHealth: async () => [
      { id: "10.0.0.4:8000", state: "healthy" },
      {
        id: "10.0.0.5:8000",
        state: "unhealthy",
        reason: "Target.ResponseCodeMismatch",
        description: "Health checks failed with these codes: [500]",
      },
    ],
    alarms: async (names) =>
      names.map((name) => ({ name, state: name.endsWith("5xx-rate") ? "ALARM" : "OK", reason: "Threshold Crossed" })),
    lastLogLines: async (group, stream) => {
      reads.push(`${group} ${stream}`);
      return [`boom in ${stream}`];
    },
  };
}

const input = {
  cluster: "shop",
  service: "web",
  taskDefinition: NEW,
  targetGroupArns: ["tg/green"],
  alarmNames: ["shop-web-5xx-rate", "shop-web-unhealthy-hosts"],
};

describe("diagnoseFailedRelease", () => {
  test("keeps only the stopped tasks of the failed revision, newest first", async () => {
    const d = await diagnoseFailedRelease(
      fakePort([task("old1", OLD, 5, 0), task("a", NEW, 1, 1), task("b", NEW, 3, 1)]),
      input,
    );
    expect(d.stoppedTasks.map((t) => t.taskArn.split("/").pop())).toEqual(["b", "a"]);
  });

  test("reads the log stream prefix/container/task id of every container that exited with an error", async () => {
    const reads: string[] = [];
    const d = await diagnoseFailedRelease(fakePort([task("a", NEW, 1, 1), task("ok", NEW, 2, 0)], reads), input);
    expect(reads).toEqual(["/shop/web web/web/a"]);
    expect(d.logs).toEqual([{ container: "web", taskId: "a", lines: ["boom in web/web/a"] }]);
  });

  test("shows the same last lines of two tasks once", async () => {
    const port = {
      ...fakePort([task("a", NEW, 1, 1), task("b", NEW, 2, 1)]),
      lastLogLines: async () => ["KeyError: DATABASE_URL"],
    };
    const d = await diagnoseFailedRelease(port, input);
    expect(d.logs).toEqual([{ container: "web", taskId: "b", lines: ["KeyError: DATABASE_URL"] }]);
  });

  test("reads the newest task's logs when no container exited with an error (failed health checks)", async () => {
    const reads: string[] = [];
    await diagnoseFailedRelease(fakePort([task("a", NEW, 1), task("b", NEW, 2)], reads), input);
    expect(reads).toEqual(["/shop/web web/web/b"]);
  });

  test("keeps the targets that are not healthy with their reason codes, and the watched alarms", async () => {
    const d = await diagnoseFailedRelease(fakePort([]), input);
    expect(d.targets).toEqual([
      {
        id: "10.0.0.5:8000",
        state: "unhealthy",
        reason: "Target.ResponseCodeMismatch",
        description: "Health checks failed with these codes: [500]",
      },
    ]);
    expect(d.alarms.map((a) => a.state)).toEqual(["ALARM", "OK"]);
    expect(d.logs).toEqual([]);
  });

  test("carries the failed check berth ran", async () => {
    const d = await diagnoseFailedRelease(fakePort([]), {
      ...input,
      failedCheck: "smoke check /healthz answered 500, expected 200",
    });
    expect(d.failedCheck).toBe("smoke check /healthz answered 500, expected 200");
  });
});

describe("diagnosisLines", () => {
  test("says the failed check, the alarm that fired, each stopped task with its exit codes, each bad target and the log lines", async () => {
    const d = await diagnoseFailedRelease(fakePort([task("0123456789abcdef0123", NEW, 1, 1)]), {
      ...input,
      failedCheck: "smoke check / answered 500, expected 200",
    });
    expect(diagnosisLines(d)).toEqual([
      "failed check: smoke check / answered 500, expected 200",
      "alarm shop-web-5xx-rate: ALARM (Threshold Crossed)",
      "stopped task 0123456789ab: Essential container in task exited (web exit code 1)",
      "target 10.0.0.5:8000: unhealthy (Target.ResponseCodeMismatch: Health checks failed with these codes: [500])",
      "last 1 log lines of web in task 0123456789ab:",
      "  | boom in web/web/0123456789abcdef0123",
    ]);
  });

  test("says so when nothing explains the failure", () => {
    expect(diagnosisLines({ stoppedTasks: [], targets: [], alarms: [], logs: [] })).toEqual([
      "no stopped tasks, unhealthy targets, alarms or logs explain it",
    ]);
  });
});
