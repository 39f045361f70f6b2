import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { berthAsync } from "../helpers/berth-cli.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";

// `berth diff` and `berth deploy` against the sandbox (us-east-1): what a change does to the
// environment's monthly floor, priced before anything is executed, and the CI guard on it.
// A worker alone: the sandbox stands in for what moto cannot create (a web service's test
// header secret among them) and its GetTemplate answers the stood-in template, which would
// hide those items from what is deployed; this environment's stack holds none of them.

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const TEXT = `app: costs\nservices:\n  worker: { image: "${IMAGE}" }\n`;
const PER_AZ = `${TEXT}network: { nat: per-az }\n`;
// One task of 0.25 vCPU and 0.5 GB ($0.04048 per vCPU-hour, $0.004445 per GB-hour) and one NAT
// gateway with its address ($0.045 and $0.005 an hour), 730 hours, and the dashboard ($3): $48.51;
// a second gateway adds $36.50 (AWS's us-east-1 prices, as in test/cost/estimate.test.ts).
const FLOORS = "monthly floor $48.51 → $85.01";
const SECOND_NAT = "+$36.50/month: NAT gateway NatGateway2 and its public IPv4 address";
const sandbox = useSandbox();
const dir = mkdtempSync(join(tmpdir(), "berth-cost-"));
const file = join(dir, "berth.yml");

beforeAll(async () => {
  const m = manifestOf(TEXT);
  const ports = awsEnvironmentPorts(
    awsImageRequest(m, { region: sandbox().region, endpoint: sandbox().endpoint }, { manifestDir: dir }),
    () => {},
  );
  const first = await deployEnvironment(m, ports, {
    confirm: async () => true,
    clock: simulatedClock(sandbox),
    pollMs: 1,
    releasePollMs: 5_000,
  });
  if (!first.ok) throw new Error("the first deploy failed");
  writeFileSync(file, PER_AZ);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => berthAsync([...args, "-f", file], { ...sandbox().environment, HOME: dir, CI: "true" });

test("diff says what a NAT gateway per AZ adds to the monthly floor", async () => {
  const diff = await run(["diff"]);
  expect(diff.code).toBe(0);
  expect(diff.stderr).toContain(`cost: ${FLOORS} (${SECOND_NAT}; prices of 2026-03-13)`);
});

test("diff --json carries the change in its result", async () => {
  const diff = await run(["diff", "--json"]);
  const result = JSON.parse(diff.stdout.trim().split("\n").at(-1)!) as { cost: { before: number; increase: number } };
  // The task, the NAT gateway and its address, and the dashboard.
  expect(result.cost.before).toBeCloseTo((0.25 * 0.04048 + 0.5 * 0.004445 + 0.045 + 0.005) * 730 + 3, 6);
  expect(result.cost.increase).toBeCloseTo(36.5, 6);
});

test("deploy --max-monthly-increase refuses a larger increase before changing anything", async () => {
  const deploy = await run(["deploy", "--yes", "--max-monthly-increase", "20"]);
  expect(deploy.code).toBe(1);
  expect(deploy.stderr).toContain(`this deploy raises the ${FLOORS} (${SECOND_NAT};`);
  expect(deploy.stderr).toContain("more than --max-monthly-increase 20; nothing was changed");
  // Nothing changed: the same change is still ahead.
  expect((await run(["diff"])).stderr).toContain(SECOND_NAT);
});
