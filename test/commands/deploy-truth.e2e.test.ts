import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
// Every release after a service's first fails its health checks, as BERTH_SANDBOX_FAIL=health
// makes the `berth sandbox` process do; simulated time runs 30 times faster than the clock.
const sandbox = useSandbox({ newTaskFault: "unhealthy", speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-truth-"));
const file = join(dir, "berth.yml");
const write = (release: string) =>
  writeFileSync(
    file,
    `app: truth\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {}, deploy: { bake: 0m }, env: { RELEASE: "${release}" } }\n`,
  );
const env = () => ({ ...sandbox().environment, CI: "true" });
const deploy = () => berthAsync(["deploy", "-f", file, "--yes"], env());

describe("berth deploy from the command line tells the truth", () => {
  test("a first deploy releases the service and exits 0", async () => {
    write("1");
    const run = await deploy();
    expect(run.stderr).toMatch(/web: released arn:aws:ecs:/);
    expect(run.code).toBe(0);
  }, 120_000);

  test("a broken version is rolled back: exit 1, the reason and its diagnosis", async () => {
    write("2");
    const run = await deploy();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/web: rolled back, the previous version keeps serving: .*health check/);
    expect(run.stderr).toMatch(/stopped task .*: Task failed ELB health checks/);
  }, 120_000);

  test("the same broken version deployed again is released again, not reported unchanged", async () => {
    const run = await deploy();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/web: registered arn:aws:ecs:/);
    expect(run.stderr).not.toMatch(/web: unchanged/);
    expect(run.stderr).toMatch(/web: rolled back/);
  }, 120_000);

  test("SIGTERM during a release (a cancelled CI job) rolls it back, frees the lock, says what is left, exits 143", async () => {
    write("3");
    const child = spawn(process.execPath, [resolve("bin/berth.js"), "deploy", "-f", file, "--yes"], {
      env: { PATH: process.env.PATH ?? "", ...env() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    const code = await new Promise<number | null>((done) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
        if (/web: deployment IN_PROGRESS/.test(stderr) && !child.killed) child.kill("SIGTERM");
      });
      child.on("close", done);
    });
    expect(code).toBe(143);
    expect(stderr).toContain("berth: interrupted (SIGTERM); what is left:");
    expect(stderr).toMatch(/web: rollback requested \(StopServiceDeployment ROLLBACK\)/);
    const lock = await berthAsync(["lock", "-f", file], env());
    expect(lock.stdout).toBe("default: not locked\n");
  }, 120_000);
});
