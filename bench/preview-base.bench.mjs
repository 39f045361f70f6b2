// Issue #19 budget: a new preview on the shared base (src/render/preview-base.ts) deploys in
// under a third of the time of a whole environment of the same app (its own VPC, load
// balancer and database cluster), both new, against the same sandbox in the same run. The
// first preview creates the base and is not timed; then, each round, a whole environment and
// a new preview are deployed (timed), and both destroyed. Prints the ratio and the check.
// The sandbox runs with --provisioning-times (src/sandbox/provisioning-times.ts): each stack
// operation takes as long as CloudFormation typically takes for the resources it creates,
// along its dependency graph's critical path, SPEED times faster — moto alone creates a load
// balancer or an Aurora cluster as fast as a queue, so without it the base would save nothing.
// Every stack, the base's and the preview's alike, is held by the same model.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, timeOnce } from "./measure.mjs";
import { startSandbox } from "./sandbox.mjs";

const node = process.execPath;
const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
// The reference app's shape (a web service, a queue worker, a database, a queue, a bucket)
// with prebuilt images: the benchmark times stacks and releases, not builds.
const MANIFEST = `app: bench
services:
  web: { image: "${IMAGE}", port: 80, http: {}, uses: [database, jobs, uploads], deploy: { bake: 0m } }
  worker: { image: "${IMAGE}", queue: jobs, uses: [database, uploads], count: { min: 0, max: 2, backlogPerTask: 100 } }
database: { capacity: { min: 0, max: 1 } }
queues: { jobs: {} }
buckets: { uploads: {} }
environments:
  whole: { network: { nat: none } }
  preview: {}
`;
const ROUNDS = 2;
// Simulated provisioning and ECS time run this many times faster than on AWS: a whole
// environment's 15 modelled minutes (its Aurora cluster and instance) take about 30 s.
const SPEED = 30;

export async function run() {
  const file = join(mkdtempSync(join(tmpdir(), "berth-bench-previews-")), "berth.yml");
  writeFileSync(file, MANIFEST);
  const sandbox = await startSandbox(["--speed", String(SPEED), "--provisioning-times"]);
  const env = { ...process.env, ...sandbox.environment, CI: "true" };
  const berth = (...args) => timeOnce(node, ["bin/berth.js", ...args, "-f", file, "--yes"], { env });
  try {
    berth("deploy", "-e", "pr-1");
    const whole = [];
    const preview = [];
    for (let round = 0; round < ROUNDS; round++) {
      whole.push(berth("deploy", "-e", "whole"));
      preview.push(berth("deploy", "-e", "pr-2"));
      berth("destroy", "-e", "whole", "--delete-data");
      berth("destroy", "-e", "pr-2");
    }
    const ratio = median(preview) / median(whole);
    console.log(
      `\nnew preview on the shared base vs a new whole environment (sandbox --speed ${SPEED} --provisioning-times, median of ${ROUNDS})`,
    );
    console.log(`  ${"whole environment".padEnd(44)} ${(median(whole) / 1000).toFixed(2)} s`);
    console.log(`  ${"preview on the base".padEnd(44)} ${(median(preview) / 1000).toFixed(2)} s`);
    console.log(`  ${"ratio".padEnd(44)} ${ratio.toFixed(2)}×  ${ratio < 1 / 3 ? "within 1/3" : "OVER 1/3"}`);
    return ratio < 1 / 3;
  } finally {
    sandbox.child.kill("SIGINT");
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = (await run()) ? 0 : 1;
