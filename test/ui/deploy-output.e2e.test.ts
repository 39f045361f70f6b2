import { beforeAll, expect, test } from "vitest";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import type { Manifest } from "../../src/manifest/types.js";
import { ciView } from "../../src/ui/ci-lines.js";
import type { DeployView } from "../../src/ui/deploy-view.js";
import { reportEnvironmentOutcome } from "../../src/ui/deploy-report.js";
import { jsonView } from "../../src/ui/json-events.js";
import type { Output } from "../../src/ui/output.js";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";

// What CI sees of a deploy whose release fails its health checks and is rolled back, through
// the sandbox on simulated time: the lines and the NDJSON events, as golden files with the
// times and the ids AWS makes up masked.

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const manifest = (env: string) =>
  manifestOf(
    `app: golden\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {}, deploy: { bake: 3m }, env: { ${env} } }\n`,
  );
const sandbox = useSandbox();

/** Simulated time, with the view's 30-second ticker driven by it instead of a wall-clock timer. */
function drivenClock() {
  const ticks: (() => void)[] = [];
  const clock = {
    now: () => sandbox().simulator.clock.now(),
    sleep: async (ms: number) => {
      for (let left = ms; left > 0; left -= 5_000) {
        await sandbox().simulator.clock.advance(Math.min(left, 5_000));
        ticks.forEach((tick) => tick());
      }
    },
  };
  const every = (tick: () => void) => (ticks.push(tick), () => ticks.splice(ticks.indexOf(tick), 1));
  return { clock, every };
}

function capture(json: boolean): { out: Output; text: () => string } {
  const lines: string[] = [];
  return {
    out: { json, github: false, color: false, line: (t) => lines.push(t), note: (t) => lines.push(t) },
    text: () => `${lines.join("\n")}\n`,
  };
}

async function deployWith(m: Manifest, view: (clock: ReturnType<typeof drivenClock>) => DeployView) {
  const driven = drivenClock();
  const v = view(driven);
  const ports = awsEnvironmentPorts(
    awsImageRequest(m, { region: sandbox().region, endpoint: sandbox().endpoint }),
    v.image,
  );
  const options = {
    execute: true,
    confirm: async () => true,
    clock: driven.clock,
    pollMs: 1_000,
    releasePollMs: 1_000,
    emit: v.stack,
    onStep: v.step,
    onRelease: v.release,
  };
  const outcome = await deployEnvironment(m, ports, options);
  v.settled(outcome.releases ?? []);
  v.close();
  reportEnvironmentOutcome(outcome, m, 12_300, v.out, "berth deploy", "http://golden.example");
  return outcome;
}

/** Times, and what AWS and the simulator name at random, replaced by stand-ins. */
function masked(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>")
    .replace(/^\d\d:\d\d:\d\d /gm, "hh:mm:ss ")
    .replace(/[0-9a-f]{32}/g, "<id>")
    .replace(/task [0-9a-f]{12}\b/g, "task <task>")
    .replace(/(targetgroup|loadbalancer\/app)\/[\w-]+\/[0-9a-f]+/g, "$1/<name>")
    .replace(/(service-deployment\/[\w-]+\/[\w-]+\/)[\w-]+/g, "$1<id>")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
    .replace(/"elapsedMs":\d+/g, '"elapsedMs":0');
}

beforeAll(async () => {
  const { out } = capture(false);
  const first = await deployWith(manifest("RELEASE: one"), ({ clock, every }) =>
    ciView(out, undefined, { now: clock.now, every }),
  );
  if (!first.ok) throw new Error("the first deploy failed");
}, 120_000);

test("CI lines of a deploy that is rolled back: one per change, timestamped, with the diagnosis", async () => {
  const { out, text } = capture(false);
  const m = manifest("RELEASE: two, BERTH_SANDBOX_FAIL: health");
  const outcome = await deployWith(m, ({ clock, every }) => ciView(out, m, { now: clock.now, every }));
  expect(outcome.releases?.[0]?.result).toBe("rolled-back");
  expect(text()).toMatch(/^\d\d:\d\d:\d\d +web: deployment IN_PROGRESS/m);
  await expect(masked(text())).toMatchFileSnapshot("golden/ci-lines-rolled-back.txt");
}, 120_000);

test("--json events of a deploy that is rolled back: one object per line, the result last", async () => {
  const { out, text } = capture(true);
  const m = manifest("RELEASE: three, BERTH_SANDBOX_FAIL: health");
  // The human lines go to stderr, which this test leaves out; stdout is the JSON.
  const stdoutOnly = { ...out, note: () => {} };
  await deployWith(m, ({ clock, every }) => jsonView(ciView(stdoutOnly, m, { now: clock.now, every }), out, clock.now));
  const events = text()
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { event: string; type?: string; releases?: unknown[] });
  expect(events.at(-1)).toMatchObject({
    event: "result",
    ok: false,
    url: "http://golden.example",
    releases: [{ service: "web", result: "rolled-back" }],
  });
  expect(events.some((e) => e.event === "release" && e.type === "diagnosed")).toBe(true);
  await expect(masked(text())).toMatchFileSnapshot("golden/json-events-rolled-back.ndjson");
}, 120_000);
