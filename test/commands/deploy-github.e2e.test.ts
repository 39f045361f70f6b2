import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import { berthAsync } from "../helpers/berth-cli.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";

// `berth deploy` as a GitHub Actions step would run it, against the sandbox: the first
// deploy runs in-process on simulated time; the step under test is the CLI's next deploy.

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const TEXT = `app: actions\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {} }\n`;
const sandbox = useSandbox();
const dir = mkdtempSync(join(tmpdir(), "berth-actions-"));
const file = join(dir, "berth.yml");
const files = { GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: join(dir, "summary") };

beforeAll(async () => {
  writeFileSync(file, TEXT);
  writeFileSync(files.GITHUB_OUTPUT, "");
  writeFileSync(files.GITHUB_STEP_SUMMARY, "");
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
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a deploy step on GitHub Actions folds its steps into groups and writes the outcome, URL and summary", async () => {
  const run = await berthAsync(["deploy", "-f", file], {
    ...sandbox().environment,
    HOME: dir,
    GITHUB_ACTIONS: "true",
    CI: "true",
    ...files,
  });
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(/::group::environment stack actions-default\n[\s\S]*::endgroup::\n/);
  expect(run.stderr).toMatch(/::group::release\n[\s\S]*::endgroup::\n/);
  const output = readFileSync(files.GITHUB_OUTPUT, "utf8");
  expect(output).toMatch(
    /^outcome=deployed\nurl=http:\/\/\S+\nrelease-id=\d{8}-\d{6}-[0-9a-f]+\ncost=monthly floor \$\d+\.\d\d → \$82\.65 \(.+; prices of \d{4}-\d\d-\d\d\)\n$/,
  );
  expect(run.stdout).toContain(`deployed in`);
  expect(run.stdout).toContain(output.split("\n")[1]!.slice(4));
  expect(readFileSync(files.GITHUB_STEP_SUMMARY, "utf8")).toContain("| web | unchanged |");
  expect(readFileSync(files.GITHUB_STEP_SUMMARY, "utf8")).toMatch(/\*\*Cost:\*\* monthly floor \$\d+\.\d\d → \$82\.65/);
});

test("a plan step on GitHub Actions is planned, and its summary shows the reviewer each release", async () => {
  writeFileSync(files.GITHUB_OUTPUT, "");
  writeFileSync(files.GITHUB_STEP_SUMMARY, "");
  writeFileSync(file, TEXT.replace("http: {} }", "http: {}, env: { FEATURE_X: on } }"));
  try {
    const run = await berthAsync(["plan", "-f", file], {
      ...sandbox().environment,
      HOME: dir,
      GITHUB_ACTIONS: "true",
      CI: "true",
      ...files,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(files.GITHUB_OUTPUT, "utf8")).toMatch(/^outcome=planned\n/);
    const summary = readFileSync(files.GITHUB_STEP_SUMMARY, "utf8");
    expect(summary).toContain("berth plan — actions default: planned");
    expect(summary).toMatch(/### Plan\n\n```\n[\s\S]*release web \(bluegreen\): actions-default-web:\d+ → /);
    expect(summary).toContain("environment variables (web): +FEATURE_X");
  } finally {
    writeFileSync(file, TEXT);
  }
});
