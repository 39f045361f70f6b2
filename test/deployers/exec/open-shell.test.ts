import { describe, expect, test } from "vitest";
import type { ExecPort, ExecRequest, TaskFacts } from "../../../src/deployers/exec/exec-port.js";
import { openShell } from "../../../src/deployers/exec/open-shell.js";
import { EXEC_ACTIONS } from "../../../src/render/iam.js";
import { manifestOf } from "../../render/helpers.js";

const TEXT = `app: shop
exec: true
services:
  web: { image: x, port: 80, http: {} }
`;
const TASK = "arn:aws:ecs:eu-south-1:123456789012:task/shop-default/0f3c9d2e8a7b4c61";

function readyTask(overrides: Partial<TaskFacts> = {}): TaskFacts {
  return {
    taskArn: TASK,
    lastStatus: "RUNNING",
    group: "service:web",
    enableExecuteCommand: true,
    launchType: "FARGATE",
    platformVersion: "1.4.0",
    containers: [{ name: "web", runtimeId: "0f3c-web", agent: { lastStatus: "RUNNING" } }],
    ...overrides,
  };
}

/** An ECS Exec world where everything is ready, and each test breaks one thing. */
function world(change: Partial<{ [K in keyof ExecPort]: ExecPort[K] }> = {}) {
  const connected: ExecRequest[] = [];
  const port: ExecPort = {
    service: async () => ({ enableExecuteCommand: true, assignPublicIp: false }),
    runningTasks: async () => [readyTask()],
    task: async (_cluster, id) => (TASK.endsWith(id) ? readyTask() : undefined),
    taskRoleActions: async () => [...EXEC_ACTIONS, "sqs:SendMessage"],
    pluginOnPath: async () => true,
    connect: async (request) => {
      connected.push(request);
      return 0;
    },
    ...change,
  };
  return { port, connected };
}

const run = async (port: ExecPort, text = TEXT, task?: string) => {
  const notes: string[] = [];
  const code = await openShell(
    manifestOf(text),
    port,
    { service: "web", command: "/bin/sh", ...(task ? { task } : {}) },
    (l) => notes.push(l),
  );
  return { code, notes };
};

describe("berth exec checks what ECS Exec needs and names the first thing missing", () => {
  test("with everything in place it opens the session in the service's container", async () => {
    const { port, connected } = world();
    expect((await run(port)).code).toBe(0);
    expect(connected).toEqual([
      { cluster: "shop-default", taskArn: TASK, container: "web", runtimeId: "0f3c-web", command: "/bin/sh" },
    ]);
  });

  test.each<[string, Partial<ExecPort>, string | RegExp, string | RegExp]>([
    [
      "no service",
      { service: async () => undefined },
      "there is no ECS service web in default",
      "berth deploy -e default",
    ],
    [
      "exec off on the service",
      { service: async () => ({ enableExecuteCommand: false, assignPublicIp: false }) },
      "ECS Exec is off for web in default",
      /released before: berth deploy -e default \(it replaces the tasks\)/,
    ],
    ["no running task", { runningTasks: async () => [] }, "web in default has no running task", /berth status/],
    [
      "a task started before exec was on",
      { runningTasks: async () => [readyTask({ enableExecuteCommand: false })] },
      "task 0f3c9d2e8a7b4c61 started before ECS Exec was turned on for web",
      /take another with --task/,
    ],
    [
      "an old Fargate platform",
      { runningTasks: async () => [readyTask({ platformVersion: "1.3.0" })] },
      "task 0f3c9d2e8a7b4c61 runs on Fargate platform 1.3.0; ECS Exec needs 1.4.0 or later",
      /replaces tasks started on an older one/,
    ],
    [
      "the agent not running",
      {
        runningTasks: async () => [
          readyTask({ containers: [{ name: "web", agent: { lastStatus: "STOPPED", reason: "agent crashed" } }] }),
        ],
      },
      "task 0f3c9d2e8a7b4c61 cannot take a shell: agent crashed",
      /ecs-exec-troubleshooting/,
    ],
    [
      "the agent still starting",
      { runningTasks: async () => [readyTask({ containers: [{ name: "web", agent: { lastStatus: "PENDING" } }] })] },
      "task 0f3c9d2e8a7b4c61 cannot take a shell: its ExecuteCommandAgent is PENDING",
      /wait a few seconds/,
    ],
    [
      "the task role without ssmmessages",
      { taskRoleActions: async () => ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel"] },
      "the task role of web does not allow ssmmessages:OpenControlChannel, ssmmessages:OpenDataChannel",
      /exec: true/,
    ],
    [
      "no session-manager-plugin",
      { pluginOnPath: async () => false },
      "session-manager-plugin is not on PATH: ECS Exec's sessions run through it",
      /session-manager-working-with-install-plugin/,
    ],
  ])("%s", async (_case, change, message, fix) => {
    const { port, connected } = world(change);
    const error = await run(port).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "UserError", exitCode: 1 });
    const { message: said, hint } = error as { message: string; hint: string };
    if (typeof message === "string") expect(said).toBe(message);
    else expect(said).toMatch(message);
    expect(hint).toMatch(fix);
    expect(connected).toEqual([]);
  });

  test("exec not in the manifest: the fix is to turn it on for the environment", async () => {
    const { port } = world({ service: async () => ({ enableExecuteCommand: false, assignPublicIp: false }) });
    const text = `app: shop\nservices:\n  web: { image: x, port: 80, http: {} }\nenvironments: { staging: {} }\n`;
    const error = (await openShell(
      manifestOf(text, { env: "staging" }),
      port,
      { service: "web", command: "sh" },
      () => {},
    ).catch((e: unknown) => e)) as { hint: string };
    expect(error.hint).toBe(
      "set `exec: true` under environments.staging in berth.yml, then berth deploy -e staging (it replaces the tasks)",
    );
  });

  test("--task takes that task of the service, and refuses another service's", async () => {
    const { port, connected } = world();
    await run(port, TEXT, "0f3c9d2e8a7b4c61");
    expect(connected[0]?.taskArn).toBe(TASK);
    const other = world({ task: async () => readyTask({ group: "service:worker" }) });
    await expect(run(other.port, TEXT, "0f3c9d2e8a7b4c61")).rejects.toMatchObject({
      message: "no running task 0f3c9d2e8a7b4c61 of web in default",
    });
  });

  test("a ready task is chosen over one whose agent has not started", async () => {
    const starting = readyTask({
      taskArn: `${TASK}0`,
      containers: [{ name: "web", agent: { lastStatus: "PENDING" } }],
    });
    const { port, connected } = world({ runningTasks: async () => [starting, readyTask()] });
    await run(port);
    expect(connected[0]?.taskArn).toBe(TASK);
  });

  test("in a VPC berth did not create, tasks without a public IP get a note on the route to SSM", async () => {
    const text = `app: shop\nexec: true\nnetwork: { vpc: vpc-0123abcd, publicSubnets: [subnet-0aaa1111, subnet-0bbb2222], privateSubnets: [subnet-0ccc3333, subnet-0ddd4444] }\nservices:\n  web: { image: x, port: 80, http: {} }\n`;
    const { port } = world();
    const { notes } = await run(port, text);
    expect(notes[0]).toContain("interface endpoint for com.amazonaws.<region>.ssmmessages");
    expect((await run(world().port)).notes.some((n) => n.includes("ssmmessages"))).toBe(false);
  });
});
