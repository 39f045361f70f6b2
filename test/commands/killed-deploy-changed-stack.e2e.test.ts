import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudFormationClient, ListChangeSetsCommand } from "@aws-sdk/client-cloudformation";
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
import { expect, test } from "vitest";
import { berthAsync, deployKilledAtThePause } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

// berth deploy plans, then applies (docs/architecture.md, "Plan and apply"): here its plan
// is made while a killed run's release is still in flight, and the same deploy changes the
// web service's stack. Its apply settles that release first (ECS owns the listener weights
// meanwhile), then executes the stack's change set, then releases: nothing of the plan is
// left to execute. (Whether the planned change set still matches once the release settled —
// or is made again — is bound-to-plan's; test/deployers/plan/bound-to-plan.test.ts has both.)

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 5 });
const file = join(mkdtempSync(join(tmpdir(), "berth-killed-changed-")), "berth.yml");
const write = (release: string, interval: number) =>
  writeFileSync(
    file,
    `app: moved\nservices:\n  web: { image: "${IMAGE}", port: 80, http: { healthcheck: { interval: ${interval} } }, deploy: { bake: 0m }, env: { RELEASE: "${release}" } }\n`,
  );
const env = () => ({ ...sandbox().environment, CI: "true" });
const berth = (...args: string[]) => berthAsync([...args, "-f", file], env());
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });

async function servingRelease(): Promise<string | undefined> {
  const ecs = new ECSClient(aws());
  const found = (await ecs.send(new DescribeServicesCommand({ cluster: "moved-default", services: ["web"] })))
    .services?.[0];
  const task = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: found?.taskDefinition }));
  return task.taskDefinition?.containerDefinitions?.[0]?.environment?.find((e) => e.name === "RELEASE")?.value;
}

test("a rerun that changes the web service's stack while a killed run's release is in flight settles it, updates the stack and releases, leaving no change set", async () => {
  write("1", 10);
  expect((await berth("deploy", "--yes")).code).toBe(0);
  write("2", 10);
  await deployKilledAtThePause(file, env());
  expect((await berth("lock", "release", "--yes")).code).toBe(0);
  write("3", 20);
  const rerun = await berth("deploy", "--yes");
  expect(rerun.code, rerun.stderr).toBe(0);
  expect(rerun.stderr).toMatch(/moved-default-web UPDATE_COMPLETE/);
  expect(await servingRelease()).toBe("3");
  // Nothing of the plan is left to execute: its stale change set was replaced, the new one executed.
  const cf = new CloudFormationClient(aws());
  const left = await cf.send(new ListChangeSetsCommand({ StackName: "moved-default-web" }));
  expect((left.Summaries ?? []).filter((c) => c.ExecutionStatus === "AVAILABLE")).toEqual([]);
  const status = await berth("status", "--json");
  expect(status.stdout).not.toContain('"inFlight"');
}, 240_000);
