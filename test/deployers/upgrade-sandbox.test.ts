import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  CloudFormationClient,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
} from "@aws-sdk/client-cloudformation";
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
import { describe, expect, test } from "vitest";
import { berthAsync, type CliRun } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 30 });
const env = () => ({ ...sandbox().environment, CI: "true" });
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });

// berth 0.1.0 as released (test/fixtures/berth-0.1.0/README.md says how it was made); its
// bundle resolves the AWS SDK from a node_modules beside it.
const old = mkdtempSync(join(tmpdir(), "berth-0.1.0-"));
writeFileSync(join(old, "cli.cjs"), gunzipSync(readFileSync("test/fixtures/berth-0.1.0/cli.cjs.gz")));
symlinkSync(resolve("node_modules"), join(old, "node_modules"));
// The sandbox runs in this process: the child must run asynchronously, or nobody answers it.
const berth010 = (args: string[]): Promise<CliRun> =>
  new Promise((done) => {
    const main = `require(${JSON.stringify(join(old, "cli.cjs"))}).main(process.argv)`;
    const child = spawn(process.execPath, ["-e", main, "berth", ...args], {
      env: { PATH: process.env.PATH ?? "", ...env() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("close", (code) => done({ code, stdout: "", stderr }));
  });

/** A web service, a worker on a queue, a bucket: `release` goes into both services' environment. */
function app(dir: string, name: string, release: string): string {
  const file = join(dir, "berth.yml");
  writeFileSync(
    file,
    `app: ${name}
services:
  web: { image: "${IMAGE}", port: 80, http: {}, deploy: { bake: 0m }, env: { RELEASE: "${release}" }, uses: [uploads] }
  worker: { image: "${IMAGE}", queue: jobs, env: { RELEASE: "${release}" } }
queues:
  jobs: {}
buckets:
  uploads: {}
`,
  );
  return file;
}

async function physicalIds(stack: string): Promise<Record<string, string>> {
  const cf = new CloudFormationClient(aws());
  const { StackResources = [] } = await cf.send(new DescribeStackResourcesCommand({ StackName: stack }));
  return Object.fromEntries(StackResources.map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!]));
}

async function outputs(stack: string): Promise<Record<string, string>> {
  const cf = new CloudFormationClient(aws());
  const { Stacks = [] } = await cf.send(new DescribeStacksCommand({ StackName: stack }));
  return Object.fromEntries((Stacks[0]?.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));
}

async function templateIds(stack: string): Promise<string[]> {
  const cf = new CloudFormationClient(aws());
  const { TemplateBody = "{}" } = await cf.send(new GetTemplateCommand({ StackName: stack }));
  const { parse } = await import("yaml");
  return Object.keys((parse(TemplateBody) as { Resources: object }).Resources);
}

/** What a service runs: its RELEASE and the target groups its load balancer configuration names. */
async function serving(cluster: string, service: string) {
  const ecs = new ECSClient(aws());
  const found = (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services?.[0];
  const task = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: found?.taskDefinition }));
  const release = task.taskDefinition?.containerDefinitions?.[0]?.environment?.find((e) => e.name === "RELEASE");
  return { release: release?.value, targetGroups: (found?.loadBalancers ?? []).map((lb) => lb.targetGroupArn) };
}

describe("an environment berth 0.1.0 created, deployed by this berth", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-upgrade-"));

  test("0.1.0 creates it with every service's wiring in the environment stack", async () => {
    const run = await berth010(["deploy", "-f", app(dir, "up", "1"), "--yes"]);
    expect(run.code, run.stderr).toBe(0);
    expect(await templateIds("up-default")).toEqual(expect.arrayContaining(["WebTaskRole", "WorkerTaskRole"]));
  }, 180_000);

  test("deploy moves the services to their stacks: each serves the new version, the data keeps its ids", async () => {
    const before = await physicalIds("up-default");
    const run = await berthAsync(["deploy", "-f", app(dir, "up", "2"), "--yes"], env());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      "web stops serving from when its old tasks stop until its new ones pass health checks",
    );
    const after = await physicalIds("up-default");
    expect(after.UploadsBucket).toBe(before.UploadsBucket);
    expect(after.JobsQueue).toBe(before.JobsQueue);
    expect(Object.keys(after).filter((id) => id.startsWith("Web") || id.startsWith("Worker"))).toEqual([]);
    const web = await outputs("up-default-web");
    expect(await serving("up-default", "web")).toEqual({ release: "2", targetGroups: [web.WebTargetGroupA] });
    expect((await serving("up-default", "worker")).release).toBe("2");
  }, 240_000);

  test("a rerun changes nothing", async () => {
    const run = await berthAsync(["deploy", "-f", join(dir, "berth.yml"), "--yes"], env());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/created|updated|released arn/);
  }, 120_000);
});

describe("an upgrade stopped once the service stacks exist", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-upgrade-stopped-"));

  test("the next deploy finishes it", async () => {
    expect((await berth010(["deploy", "-f", app(dir, "mid", "1"), "--yes"])).code).toBe(0);
    const child = spawn(process.execPath, [resolve("bin/berth.js"), "deploy", "-f", app(dir, "mid", "2"), "--yes"], {
      env: { PATH: process.env.PATH ?? "", ...env() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    const code = await new Promise<number | null>((done) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
        if (/— release/.test(stderr) && !child.killed) child.kill("SIGTERM");
      });
      child.on("close", done);
    });
    expect(code, stderr).not.toBe(0);
    expect(await templateIds("mid-default")).toContain("WebTaskRole");
    const rerun = await berthAsync(["deploy", "-f", join(dir, "berth.yml"), "--yes"], env());
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await templateIds("mid-default")).not.toContain("WebTaskRole");
    const web = await outputs("mid-default-web");
    expect(await serving("mid-default", "web")).toEqual({ release: "2", targetGroups: [web.WebTargetGroupA] });
    expect((await serving("mid-default", "worker")).release).toBe("2");
  }, 300_000);
});

describe("an upgrade planned, reviewed and applied", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-upgrade-applied-"));

  test("berth apply of the saved plan makes the move the plan shows, and nothing else", async () => {
    expect((await berth010(["deploy", "-f", app(dir, "ap", "1"), "--yes"])).code).toBe(0);
    const file = app(dir, "ap", "2");
    const saved = join(dir, "plan.json");
    const planned = await berthAsync(["plan", "-f", file, "--out", saved], env());
    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(saved, "utf8")) as { upgrading: { recreated: string[]; finish: object } };
    expect(plan.upgrading).toMatchObject({ services: ["web", "worker"], recreated: ["web"] });
    expect(plan.upgrading.finish).toMatchObject({ stackName: "ap-default" });
    // Nothing moved at plan time: the old wiring still serves.
    expect(await templateIds("ap-default")).toContain("WebTaskRole");
    const applied = await berthAsync(["apply", saved, "-f", file, "--yes"], env());
    expect(applied.code, applied.stderr).toBe(0);
    expect(await templateIds("ap-default")).not.toContain("WebTaskRole");
    const web = await outputs("ap-default-web");
    expect(await serving("ap-default", "web")).toEqual({ release: "2", targetGroups: [web.WebTargetGroupA] });
    expect((await serving("ap-default", "worker")).release).toBe("2");
  }, 300_000);
});
