import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeTasksCommand, ECSClient } from "@aws-sdk/client-ecs";
import { GetScheduleCommand, SchedulerClient, UpdateScheduleCommand } from "@aws-sdk/client-scheduler";
import { afterAll, describe, expect, test } from "vitest";
import { berthAsync, deployKilledAtThePause } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

// The schedule runs what serves the worker, through releases, a release ECS rolled back,
// berth rollback, a stack update that changes the schedule, and a rerun after an interrupt.

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-schedule-revisions-"));
const file = join(dir, "berth.yml");
const write = (version: string, options: { fail?: boolean; cron?: string; warm?: boolean } = {}) =>
  writeFileSync(
    file,
    `app: chores
services:
  web: { image: "${IMAGE}", port: 80, http: {}, deploy: { bake: 0m }, env: { VERSION: "${version}" } }
  worker:
    image: "${IMAGE}"
    env: { VERSION: "${version}"${options.fail ? ", BERTH_SANDBOX_FAIL: crash" : ""} }
schedules:
  nightly-report: { service: worker, command: [python, manage.py, report], cron: "${options.cron ?? "0 3 * * *"}", timezone: Europe/Rome }
${options.warm === false ? "" : "  warm-cache: { service: web, command: [python, manage.py, warm], rate: 1h }\n"}`,
  );
const berth = (...args: string[]) => berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true" });
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });
const schedule = () =>
  new SchedulerClient(aws()).send(new GetScheduleCommand({ GroupName: "chores-default", Name: "nightly-report" }));
const target = async () => (await schedule()).Target?.EcsParameters?.TaskDefinitionArn;
const revision = (n: number) => expect.stringMatching(new RegExp(`:task-definition/chores-default-worker:${n}$`));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a schedule runs the revision that serves its service", () => {
  test("deploy v1: the schedule targets v1's revision", async () => {
    write("1");
    const run = await berth("deploy", "--yes");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("schedule nightly-report: now runs chores-default-worker:1");
    expect(await target()).toEqual(revision(1));
  }, 180_000);

  test("deploy v2: v2's revision", async () => {
    write("2");
    expect((await berth("deploy", "--yes")).code).toBe(0);
    expect(await target()).toEqual(revision(2));
  }, 180_000);

  test("a deploy that changes nothing makes no UpdateSchedule", async () => {
    const before = (await schedule()).LastModificationDate;
    const run = await berth("deploy", "--yes");
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/schedule \S+: now runs/);
    expect((await schedule()).LastModificationDate).toEqual(before);
  }, 180_000);

  test("v3 fails and ECS rolls it back, the web returns: the schedules stay on v2, not on v3's newer revisions", async () => {
    write("3", { fail: true });
    const failed = await berth("deploy", "--yes");
    expect(failed.code).toBe(1);
    expect(await target()).toEqual(revision(2));
    // web's v3 went back to v2 with the worker (deploy.atomic: returned, or stopped in flight): so does its schedule.
    const web = await new SchedulerClient(aws()).send(
      new GetScheduleCommand({ GroupName: "chores-default", Name: "warm-cache" }),
    );
    expect(web.Target?.EcsParameters?.TaskDefinitionArn).toMatch(/:task-definition\/chores-default-web:2$/);
  }, 180_000);

  test("berth rollback: back to v1's revision, and berth status and berth run --schedule say and run it", async () => {
    write("2");
    const run = await berth("rollback", "--yes");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("schedule nightly-report: now runs chores-default-worker:1");
    expect(await target()).toEqual(revision(1));
    const status = await berth("status");
    expect(status.stdout).toMatch(/^ {4}runs: chores-default-worker:1, release \S+ \(version/m);
    const scheduled = await berth("run", "--schedule", "nightly-report");
    expect(scheduled.code).toBe(0);
    const { releases } = JSON.parse((await berth("releases", "--json")).stdout) as {
      releases: { run?: { command: string[]; taskArn?: string } }[];
    };
    const taskArn = releases.find((r) => r.run?.command.join(" ") === "python manage.py report")!.run!.taskArn!;
    const { tasks } = await new ECSClient(aws()).send(
      new DescribeTasksCommand({ cluster: "chores-default", tasks: [taskArn] }),
    );
    expect(tasks?.[0]?.taskDefinitionArn).toEqual(revision(1));
  }, 180_000);

  test("a stack update that changes the schedule keeps the revision berth set, not the family", async () => {
    // v1 serves again after the rollback: only the schedule's cron changes, in the worker's stack.
    write("1", { cron: "30 4 * * *" });
    const run = await berth("deploy", "--yes");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("worker: unchanged");
    expect(run.stderr).toContain("web: unchanged");
    expect(run.stderr).not.toContain("schedule nightly-report: now runs");
    const now = await schedule();
    expect(now.ScheduleExpression).toBe("cron(30 4 * * ? *)");
    expect(now.Target?.EcsParameters?.TaskDefinitionArn).toEqual(revision(1));
  }, 180_000);

  test("a rerun after a deploy interrupted before the schedule moved ends on what serves", async () => {
    // What an interrupt between the release and UpdateSchedule leaves: the schedule on another revision.
    const now = await schedule();
    const other = now.Target!.EcsParameters!.TaskDefinitionArn!.replace(/:1$/, ":2");
    await new SchedulerClient(aws()).send(
      new UpdateScheduleCommand({
        Name: "nightly-report",
        GroupName: "chores-default",
        ScheduleExpression: now.ScheduleExpression!,
        FlexibleTimeWindow: now.FlexibleTimeWindow!,
        Target: { ...now.Target!, EcsParameters: { ...now.Target!.EcsParameters!, TaskDefinitionArn: other } },
      }),
    );
    const run = await berth("deploy", "--yes");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("schedule nightly-report: now runs chores-default-worker:1");
    expect(await target()).toEqual(revision(1));
  }, 180_000);

  test("a deploy killed mid-release, then run again, ends with each schedule on what serves", async () => {
    write("4", { cron: "30 4 * * *" });
    await deployKilledAtThePause(file, { ...sandbox().environment, CI: "true" });
    expect((await berth("lock", "release", "--yes")).code).toBe(0);
    const rerun = await berth("deploy", "--yes");
    expect(rerun.code).toBe(0);
    // What serves, as berth status reads it: each service's last successful deployment.
    const status = JSON.parse((await berth("status", "--json")).stdout) as {
      services: { service: string; serving?: { taskDefinition: string } }[];
    };
    const serving = (name: string) => status.services.find((x) => x.service === name)?.serving?.taskDefinition;
    expect(serving("worker")).toEqual(revision(4));
    expect(await target()).toBe(serving("worker"));
    const web = await new SchedulerClient(aws()).send(
      new GetScheduleCommand({ GroupName: "chores-default", Name: "warm-cache" }),
    );
    expect(web.Target?.EcsParameters?.TaskDefinitionArn).toBe(serving("web"));
    expect(web.Target?.EcsParameters?.TaskDefinitionArn).toMatch(/:task-definition\/chores-default-web:4$/);
  }, 180_000);

  test("a schedule taken out of berth.yml is gone from Scheduler too", async () => {
    write("4", { cron: "30 4 * * *", warm: false });
    expect((await berth("deploy", "--yes")).code).toBe(0);
    const gone = new SchedulerClient(aws()).send(
      new GetScheduleCommand({ GroupName: "chores-default", Name: "warm-cache" }),
    );
    await expect(gone).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    expect(await target()).toEqual(revision(4));
  }, 180_000);
});
