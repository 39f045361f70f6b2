import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient } from "@aws-sdk/client-ecs";
import { DescribeRulesCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { describe, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-release-tasks-"));
const file = join(dir, "berth.yml");
/** web runs a release task; the worker has none, and must not be released when web's fails either. */
const write = (version: string, options: { fault?: string; release?: string } = {}) =>
  writeFileSync(
    file,
    [
      "app: migrate",
      "services:",
      "  web:",
      `    image: "${IMAGE}"`,
      "    port: 80",
      "    http: {}",
      "    deploy: { bake: 0m }",
      `    release: ${options.release ?? "[python, manage.py, migrate, --noinput]"}`,
      `    env: { VERSION: "${version}"${options.fault ? `, BERTH_SANDBOX_FAIL: ${options.fault}` : ""} }`,
      "  worker:",
      `    image: "${IMAGE}"`,
      `    env: { VERSION: "${version}" }`,
      "",
    ].join("\n"),
  );
const env = () => ({ ...sandbox().environment, CI: "true" });
const deploy = () => berthAsync(["deploy", "-f", file, "--yes"], env());
const clients = () => ({
  ecs: new ECSClient({ region: sandbox().region, endpoint: sandbox().endpoint }),
  elb: new ElasticLoadBalancingV2Client({ region: sandbox().region, endpoint: sandbox().endpoint }),
});

/** What serves, as AWS says it: each service's task definition and the production rules' weights. */
async function serving(): Promise<unknown> {
  const { ecs, elb } = clients();
  const services = await ecs.send(
    new DescribeServicesCommand({ cluster: "migrate-default", services: ["web", "worker"] }),
  );
  const rules = await elb.send(new DescribeRulesCommand({ ListenerArn: await listener() }));
  return {
    taskDefinitions: services.services?.map((s) => [s.serviceName, s.taskDefinition]),
    weights: rules.Rules?.map((r) => r.Actions?.[0]?.ForwardConfig?.TargetGroups?.map((t) => t.Weight)),
  };
}

async function listener(): Promise<string> {
  const { DescribeLoadBalancersCommand, DescribeListenersCommand } =
    await import("@aws-sdk/client-elastic-load-balancing-v2");
  const { elb } = clients();
  const balancers = await elb.send(new DescribeLoadBalancersCommand({}));
  const arn = balancers.LoadBalancers?.[0]?.LoadBalancerArn;
  const listeners = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: arn }));
  return listeners.Listeners?.find((l) => l.Port === 80 || l.Port === 443)?.ListenerArn ?? "";
}

async function newestRelease(): Promise<{
  kind: string;
  outcome: string;
  reason?: string;
  services: { reason?: string }[];
}> {
  const releases = await berthAsync(["releases", "-f", file, "--json"], env());
  return (JSON.parse(releases.stdout) as { releases: never[] }).releases[0]!;
}

const taskArnIn = (stderr: string) => /release task started: (arn:\S+)/.exec(stderr)?.[1] ?? "";

describe("release tasks: run once before any release, and gate it", () => {
  test("a release task runs on the new task definition, its lines streamed, before the blue/green release", async () => {
    write("1");
    const run = await deploy();
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("web: release task `python manage.py migrate --noinput` runs once");
    expect(run.stderr).toContain('web | [berth sandbox] web: running "python manage.py migrate --noinput"');
    expect(run.stderr).toContain("web: release task exited with code 0");
    const taskEnded = run.stderr.indexOf("web: release task exited");
    expect(taskEnded).toBeLessThan(run.stderr.indexOf("— release\n"));
    // The task ran the very task definition the release then put live.
    const registered = /web: registered (\S+)/.exec(run.stderr)?.[1];
    const { ecs } = clients();
    const task = await ecs.send(
      new DescribeTasksCommand({ cluster: "migrate-default", tasks: [taskArnIn(run.stderr)] }),
    );
    expect(task.tasks?.[0]?.taskDefinitionArn).toBe(registered);
    expect(run.stderr).toMatch(new RegExp(`web: released ${registered}`));
  }, 120_000);

  test("a deploy with nothing changed runs no release task", async () => {
    const run = await deploy();
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("web: release task not run: its task definition does not change");
    expect(run.stderr).not.toContain("release task started");
  }, 120_000);

  test("a release task that exits 1 releases nothing: exit 1, the diagnosis, the history records why", async () => {
    const before = await serving();
    write("2", { fault: "release" });
    const run = await deploy();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("web: release task exited with code 1");
    expect(run.stderr).toMatch(/exit code 1/);
    expect(run.stderr).toContain("| [berth sandbox] web: Error: the command failed");
    expect(run.stderr).toContain("worker: failed: not released: web's release task");
    expect(run.stderr).not.toContain("— release\n");
    expect(await serving()).toEqual(before);
    const record = await newestRelease();
    expect(record.outcome).toBe("failed");
    expect(record.reason).toContain("release task `python manage.py migrate --noinput` exited with code 1");
  }, 120_000);

  test("a rerun once the failure is fixed runs the release task again and releases", async () => {
    write("2");
    const run = await deploy();
    expect(run.stderr).toContain("web: release task exited with code 0");
    expect(run.code).toBe(0);
  }, 120_000);

  test("a release task that cannot start releases nothing and says why", async () => {
    const before = await serving();
    write("3", { fault: "start" });
    const run = await deploy();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/web: release task could not start: Task failed to start: CannotPullContainerError/);
    expect(await serving()).toEqual(before);
  }, 120_000);

  test("a release task that outlives its timeout is stopped and releases nothing", async () => {
    const before = await serving();
    write("4", { fault: "hang", release: "{ command: [python, manage.py, migrate], timeout: 10s }" });
    const run = await deploy();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("web: release task ran longer than its timeout of 10s and was stopped");
    const { ecs } = clients();
    const task = await ecs.send(
      new DescribeTasksCommand({ cluster: "migrate-default", tasks: [taskArnIn(run.stderr)] }),
    );
    expect(task.tasks?.[0]?.desiredStatus).toBe("STOPPED");
    expect(await serving()).toEqual(before);
  }, 120_000);

  test("an interrupt during a release task stops the task, releases nothing, says so and exits 130", async () => {
    const before = await serving();
    write("5", { fault: "hang" });
    const child = spawn(process.execPath, [resolve("bin/berth.js"), "deploy", "-f", file, "--yes"], {
      env: { PATH: process.env.PATH ?? "", ...env() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    const code = await new Promise<number | null>((done) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
        if (/web: release task RUNNING/.test(stderr) && !child.killed) child.kill("SIGINT");
      });
      child.on("close", done);
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/web: release task stopped \(StopTask\); nothing was released/);
    const { ecs } = clients();
    const task = await ecs.send(new DescribeTasksCommand({ cluster: "migrate-default", tasks: [taskArnIn(stderr)] }));
    expect(task.tasks?.[0]?.desiredStatus).toBe("STOPPED");
    expect(await serving()).toEqual(before);
    expect((await newestRelease()).outcome).toBe("interrupted");
  }, 120_000);
});

describe("berth run: a one-off task in the service's environment", () => {
  const run = (...args: string[]) => berthAsync(["run", "-f", file, ...args], env());

  test("runs the serving task definition with the command overridden, streams its lines, exits with its code", async () => {
    const ok = await run("web", "--json", "--", "python", "manage.py", "createsuperuser", "--noinput");
    expect(ok.code).toBe(0);
    const result = JSON.parse(ok.stdout.trim().split("\n").pop()!) as { taskDefinition: string; exitCode: number };
    const { ecs } = clients();
    const web = await ecs.send(new DescribeServicesCommand({ cluster: "migrate-default", services: ["web"] }));
    expect(result).toMatchObject({ exitCode: 0, taskDefinition: web.services?.[0]?.taskDefinition });
    const plain = await run("web", "--", "python", "manage.py", "createsuperuser", "--noinput");
    expect(plain.stdout).toContain('running "python manage.py createsuperuser --noinput"');
    expect(plain.code).toBe(0);
  }, 120_000);

  test("a command that fails passes its exit code on", async () => {
    const failed = await run("web", "--env-var", "BERTH_SANDBOX_FAIL=release", "--", "python", "manage.py", "fix");
    expect(failed.stdout).toContain("Error: the command failed");
    expect(failed.stderr).toContain("the task exited with code 1");
    expect(failed.code).toBe(1);
  }, 120_000);

  test("a task that cannot start exits 1 with the reason", async () => {
    const failed = await run("worker", "--env-var", "BERTH_SANDBOX_FAIL=start", "--", "true");
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/the task could not start: Task failed to start: CannotPullContainerError/);
  }, 120_000);

  test("every run is in the history as a run — who, what, how it ended", async () => {
    const releases = await berthAsync(["releases", "-f", file, "--json"], env());
    const records = (JSON.parse(releases.stdout) as { releases: { kind: string; run?: unknown; who: string }[] })
      .releases;
    const runs = records.filter((r) => r.kind === "run");
    expect(runs[0]).toMatchObject({
      outcome: "failed",
      run: { service: "worker", command: ["true"] },
      who: expect.any(String),
    });
    expect(runs[1]).toMatchObject({ outcome: "failed", run: { service: "web", exitCode: 1 } });
    expect(runs[2]).toMatchObject({
      outcome: "succeeded",
      run: { command: ["python", "manage.py", "createsuperuser", "--noinput"], exitCode: 0 },
    });
  }, 120_000);

  test("--detach starts the task and returns; --release runs an earlier release's task definition", async () => {
    const releases = await berthAsync(["releases", "-f", file, "--json"], env());
    const first = (
      JSON.parse(releases.stdout) as {
        releases: {
          kind: string;
          outcome: string;
          id: string;
          services: { service: string; taskDefinition?: string }[];
        }[];
      }
    ).releases
      .filter((r) => r.kind === "deploy" && r.outcome === "succeeded")
      .pop()!;
    const detached = await run("web", "--detach", "--json", "--release", first.id, "--", "sleep", "60");
    expect(detached.code).toBe(0);
    const result = JSON.parse(detached.stdout.trim()) as { outcome: string; taskDefinition: string };
    expect(result).toMatchObject({
      outcome: "detached",
      taskDefinition: first.services.find((s) => s.service === "web")?.taskDefinition,
    });
  }, 120_000);

  test("Ctrl-C without a terminal stops the task, records the run as interrupted and exits 130", async () => {
    const child = spawn(
      process.execPath,
      [resolve("bin/berth.js"), "run", "-f", file, "web", "--env-var", "BERTH_SANDBOX_FAIL=hang", "--", "sleep", "1d"],
      { env: { PATH: process.env.PATH ?? "", ...env() }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    const code = await new Promise<number | null>((done) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
        if (/task RUNNING/.test(stderr) && !child.killed) child.kill("SIGINT");
      });
      child.on("close", done);
    });
    expect(stderr).toMatch(/berth: stopping arn:aws:ecs:\S+ \(StopTask\)/);
    expect(stderr).toContain("the task was stopped before it finished: berth run: interrupted (Ctrl-C)");
    expect(code).toBe(130);
    const record = await newestRelease();
    expect(record).toMatchObject({ kind: "run", outcome: "interrupted" });
  }, 120_000);

  test("an unknown service is a usage error", async () => {
    const wrong = await run("wbe", "--", "true");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("there is no service wbe");
  }, 60_000);
});
