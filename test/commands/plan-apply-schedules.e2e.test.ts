import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetScheduleCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { afterAll, describe, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

// A schedule's ECS target is berth's to move (it runs what serves), so a service stack's
// update is rendered with the revision the schedule runs now. The plan reads it as deploy
// does: otherwise apply would find another template than the plan's, and refuse.

const IMAGE = `public.ecr.aws/docker/library/nginx@sha256:${"b".repeat(64)}`;
const sandbox = useSandbox({ speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-plan-schedules-"));
const file = join(dir, "berth.yml");
const planFile = join(dir, "plan.json");
const write = (cron: string) =>
  writeFileSync(
    file,
    `app: nightly
services:
  worker: { image: "${IMAGE}", command: [run] }
schedules:
  report: { service: worker, command: [report], cron: "${cron}" }
`,
  );
const berth = (...args: string[]) => berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true" });
const schedule = () =>
  new SchedulerClient({ region: sandbox().region, endpoint: sandbox().endpoint }).send(
    new GetScheduleCommand({ GroupName: "nightly-default", Name: "report" }),
  );

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a plan of a service stack with a schedule", () => {
  test("is applied with the schedule still running the revision that serves", async () => {
    write("0 3 * * *");
    expect((await berth("deploy", "--yes")).code).toBe(0);
    const serving = (await schedule()).Target?.EcsParameters?.TaskDefinitionArn;
    expect(serving).toMatch(/:task-definition\/nightly-default-worker:1$/);

    write("0 4 * * *");
    const planned = await berth("plan", "--out", planFile);
    expect(planned.code, planned.stderr).toBe(0);
    const applied = await berth("apply", planFile, "--yes");
    expect(applied.code, applied.stderr).toBe(0);
    const after = await schedule();
    expect(after.ScheduleExpression).toBe("cron(0 4 * * ? *)");
    expect(after.Target?.EcsParameters?.TaskDefinitionArn).toBe(serving);
  }, 240_000);
});
