import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
// Simulated time runs 60 times faster: each wall second is a simulated minute of metrics.
const sandbox = useSandbox({ speed: 60 });
const dir = mkdtempSync(join(tmpdir(), "berth-status-metrics-"));
const file = join(dir, "berth.yml");
const write = (release: string, bake: string) =>
  writeFileSync(
    file,
    [
      "app: gauge",
      "queues: { jobs: {} }",
      "services:",
      `  web: { image: "${IMAGE}", port: 80, http: {}, count: 2, deploy: { bake: ${bake} }, env: { RELEASE: "${release}" } }`,
      `  worker: { image: "${IMAGE}", queue: jobs }`,
      "",
    ].join("\n"),
  );
write("1", "0m");
const env = () => ({ ...sandbox().environment, CI: "true" });
const berth = (...args: string[]) => berthAsync([...args, "-f", file], env());

interface MetricsJson {
  metrics: {
    periodSeconds: number;
    services: { service: string; series: { kind: string; values: (number | null)[] }[] }[];
  };
}

beforeAll(async () => {
  const deployed = await berth("deploy", "--yes");
  expect(deployed.code, deployed.stderr).toBe(0);
  // A few simulated minutes of the running services.
  await new Promise((done) => setTimeout(done, 4_000));
}, 180_000);

describe("berth status shows the services' metrics from the sandbox's CloudWatch", () => {
  test("status draws a sparkline per metric with its numbers", async () => {
    const run = await berth("status");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^metrics since \d\d:\d\d UTC, a point per 1m \(CloudWatch\):$/m);
    expect(run.stdout).toMatch(
      /^ {4}requests +[▁▂▃▄▅▆▇█ ]*[▁▂▃▄▅▆▇█] +min [\d.]+\/min max [\d.]+\/min last [\d.]+\/min$/m,
    );
    expect(run.stdout).toMatch(/^ {4}5xx +[▁ ]+ +min 0% max 0% last 0%$/m);
    expect(run.stdout).toMatch(/^ {4}p99 +[▁▂▃▄▅▆▇█ ]+ +min \d+ ms max \d+ ms last \d+ ms$/m);
    expect(run.stdout).toMatch(/^ {4}cpu +[▁▂▃▄▅▆▇█ ]+ +min [\d.]+% max/m);
    expect(run.stdout).toMatch(/^ {4}backlog +[▁ ]+ +min 0 msgs max 0 msgs last 0 msgs$/m);
  });

  test("--json has the numbers: a value per minute of the last hour, null where nothing was published", async () => {
    const run = await berth("status", "--json");
    expect(run.code, run.stderr).toBe(0);
    const { metrics } = JSON.parse(run.stdout) as MetricsJson;
    expect(metrics.periodSeconds).toBe(60);
    const web = metrics.services.find((s) => s.service === "web")!;
    expect(web.series.map((s) => s.kind)).toEqual(["requests", "errors", "p99", "cpu", "memory"]);
    for (const series of web.series) {
      expect(series.values).toHaveLength(60);
      expect(series.values.filter((v) => v !== null).length).toBeGreaterThan(0);
    }
    // Before the deploy nothing ran: the hour starts with gaps, not zeros.
    expect(web.series[0]!.values[0]).toBeNull();
    const worker = metrics.services.find((s) => s.service === "worker")!;
    expect(worker.series.map((s) => s.kind)).toEqual(["cpu", "memory", "backlog"]);
  });

  test("--since 6h widens the period to keep about sixty points", async () => {
    const { metrics } = JSON.parse((await berth("status", "--json", "--since", "6h")).stdout) as MetricsJson;
    expect(metrics.periodSeconds).toBe(360);
    expect(metrics.services[0]!.series[0]!.values).toHaveLength(60);
  });

  test("--watch without a terminal prints a line per interval and ends with exit 0 on Ctrl-C (SIGINT)", async () => {
    const child = spawn(
      process.execPath,
      [resolve("bin/berth.js"), "status", "--watch", "--interval", "1s", "-f", file],
      {
        env: { PATH: process.env.PATH ?? "", ...env() },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    const code = await new Promise<number | null>((done) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8");
        if (stdout.split("\n").length > 3 && !child.killed) child.kill("SIGINT");
      });
      child.on("close", done);
    });
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines)
      expect(line).toMatch(/^\d\d:\d\d:\d\d web requests [\d.]+\/min 5xx 0% p99 \d+ ms cpu .*; worker cpu /);
  }, 30_000);

  test("a blue/green release's CI lines show the new and the old version's numbers side by side while it bakes", async () => {
    // 45 simulated minutes of bake are 45 s here: the view refreshes every 30 s.
    write("2", "45m");
    const run = await berth("deploy", "--yes");
    expect(run.code, run.stderr).toBe(0);
    // The old version as it served before the shift (its last minutes with traffic), beside the new one now.
    const side =
      /web: new 5xx 0% p99 \d+ ms \((\d+) requests\) \| old 5xx 0% p99 \d+ ms \((\d+) requests\), each over its last 5 minutes with traffic/;
    const line = side.exec(run.stderr);
    expect(line, run.stderr).not.toBeNull();
    expect(Number(line![1])).toBeGreaterThan(0);
    expect(Number(line![2])).toBeGreaterThan(0);
  }, 180_000);
});
