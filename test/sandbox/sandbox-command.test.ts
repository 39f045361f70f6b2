import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { ECSClient, ListClustersCommand } from "@aws-sdk/client-ecs";
import { expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";

/** Child processes of a pid, from /proc (Linux). */
function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // Field 4 of /proc/PID/stat is the parent pid; the command name (field 2) may contain spaces.
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

test("berth sandbox prints what to export, serves AWS calls, and stops moto on Ctrl-C", async () => {
  const child = spawn(process.execPath, ["bin/berth.js", "sandbox"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^export AWS_ENDPOINT_URL=(\S+)$/m.exec(stdout);
      if (match?.[1] && stdout.includes("AWS_SECRET_ACCESS_KEY")) resolve(match[1]);
    });
    child.once("exit", () => reject(new Error(`sandbox exited early: ${stderr}`)));
  });
  expect(stdout).toContain("export AWS_ACCESS_KEY_ID=sandbox");
  // AWS CLI v1 reads only AWS_DEFAULT_REGION.
  expect(stdout).toContain("export AWS_DEFAULT_REGION=us-east-1");
  expect(stderr).toContain("simulated by berth: ECS service deployments");
  expect(stderr).toMatch(/container registry \(ECR.s endpoint\): 127\.0\.0\.1:\d+/);

  const ecs = new ECSClient({
    region: "us-east-1",
    endpoint,
    credentials: { accessKeyId: "sandbox", secretAccessKey: "sandbox" },
  });
  expect((await ecs.send(new ListClustersCommand({}))).clusterArns).toEqual([]);

  const moto = childrenOf(child.pid ?? -1);
  expect(moto.length).toBeGreaterThan(0);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGINT");
  expect(await exited).toBe(0);
  expect(stderr).toContain("sandbox stopped");
  expect(
    moto.filter((pid) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ")),
  ).toEqual([]);
});

test("berth sandbox refuses a speed below 1 and an unknown BERTH_SANDBOX_FAIL as usage errors, starting nothing", async () => {
  const slow = await berthAsync(["sandbox", "--speed", "0"]);
  expect(slow.code).toBe(2);
  expect(slow.stderr).toContain("--speed 0 is not a speed");
  const unknown = await berthAsync(["sandbox"], { BERTH_SANDBOX_FAIL: "flaky" });
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("BERTH_SANDBOX_FAIL=flaky is not a fault the sandbox knows");
});
