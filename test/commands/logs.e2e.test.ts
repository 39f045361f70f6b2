import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readEnvironmentOutputs } from "../../src/deployers/service-stacks/environment-stacks.js";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import { berthAsync } from "../helpers/berth-cli.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";

// `berth logs` as a user runs it, against an environment deployed into the sandbox; the
// log events are written with the SDK into moto's CloudWatch Logs, as the awslogs driver would.

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const TEXT = `app: tails\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {} }\n  worker: { image: "${IMAGE}" }\n`;
const sandbox = useSandbox();
const dir = mkdtempSync(join(tmpdir(), "berth-logs-"));
const file = join(dir, "berth.yml");
let logs: CloudWatchLogsClient;
let groups: Record<string, string>;

beforeAll(async () => {
  writeFileSync(file, TEXT);
  const m = manifestOf(TEXT);
  const aws = { region: sandbox().region, endpoint: sandbox().endpoint };
  const ports = awsEnvironmentPorts(awsImageRequest(m, aws, { manifestDir: dir }), () => {});
  const outcome = await deployEnvironment(m, ports, {
    confirm: async () => true,
    clock: simulatedClock(sandbox),
    pollMs: 1,
    releasePollMs: 5_000,
  });
  if (!outcome.ok) throw new Error("the environment did not deploy");
  const { outputs } = await readEnvironmentOutputs(m, cloudFormationPort(aws));
  groups = { web: outputs.WebLogGroup!, worker: outputs.WorkerLogGroup! };
  logs = new CloudWatchLogsClient(aws);
  await write("web", "0f1e2d3c4b5a6978", Date.now() - 60_000, "GET / 200");
  await write("worker", "9a8b7c6d5e4f3a2b", Date.now() - 30_000, "job 17 done");
  await write("web", "0f1e2d3c4b5a6978", Date.now() - 2 * 3600_000, "an old line");
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const streams = new Set<string>();
async function write(service: string, task: string, timestamp: number, message: string) {
  const logStreamName = `${service}/${service}/${task}`;
  if (!streams.has(logStreamName))
    await logs.send(new CreateLogStreamCommand({ logGroupName: groups[service], logStreamName }));
  streams.add(logStreamName);
  await logs.send(
    new PutLogEventsCommand({ logGroupName: groups[service], logStreamName, logEvents: [{ timestamp, message }] }),
  );
}

const env = () => ({ ...sandbox().environment, HOME: dir });
// The sandbox's simulated tasks log their own start; the lines this test wrote are the ones it checks.
const written = (lines: string[]) => lines.filter((l) => !l.includes("[berth sandbox]"));

describe("berth logs against the sandbox", () => {
  test("prints every service's recent lines in time order, each prefixed by service and task", async () => {
    const run = await berthAsync(["logs", "--file", file], env());
    // On Node 20 berth says once that the AWS SDK's 2027 releases need Node 22 (aws/node-support.ts).
    expect(run.stderr.replace(/^note: this is Node\.js .*\n/m, "")).toBe("");
    expect(written(run.stdout.trim().split("\n")).map((l) => l.slice(9))).toEqual([
      "web/0f1e2d3c    GET / 200",
      "worker/9a8b7c6d job 17 done",
    ]);
  });

  test("names services to show only theirs, and --since reaches further back", async () => {
    const run = await berthAsync(["logs", "web", "--file", file, "--since", "3h", "--json"], env());
    expect(
      written(run.stdout.trim().split("\n")).map(
        (l) => JSON.parse(l) as { message: string; service: string; task: string },
      ),
    ).toEqual([
      expect.objectContaining({ service: "web", task: "0f1e2d3c4b5a6978", message: "an old line" }),
      expect.objectContaining({ service: "web", message: "GET / 200" }),
    ]);
  });

  test("--grep shows only the lines that match its filter pattern, matched by CloudWatch Logs", async () => {
    const run = await berthAsync(["logs", "--file", file, "--since", "3h", "--grep", "job"], env());
    expect(run.stderr.replace(/^note: this is Node\.js .*\n/m, "")).toBe("");
    expect(
      run.stdout
        .trim()
        .split("\n")
        .map((l) => l.slice(9)),
    ).toEqual(["worker/9a8b7c6d job 17 done"]);
  });

  test("a service that is not in the manifest is a usage error with a did-you-mean", async () => {
    const run = await berthAsync(["logs", "wrker", "--file", file], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("there is no service wrker");
    expect(run.stderr).toContain("did you mean worker?");
  });

  test("-f follows new lines until Ctrl-C, then exits 0", async () => {
    const child = spawn(process.execPath, [resolve("bin/berth.js"), "logs", "worker", "--file", file, "-f"], {
      env: { PATH: process.env.PATH ?? "", ...env() },
    });
    let stdout = "";
    const seen = (text: string) =>
      new Promise<void>((done) => {
        const check = () => stdout.includes(text) && done();
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          check();
        });
        check();
      });
    await seen("job 17 done");
    await write("worker", "9a8b7c6d5e4f3a2b", Date.now(), "job 18 done");
    await seen("job 18 done");
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(stdout.match(/job 17 done/g)).toHaveLength(1);
  });
});
