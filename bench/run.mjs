// `npm run bench`: every benchmark prints ratios against a baseline measured in the same run.
import { run as cdk } from "./cdk-compare.bench.mjs";
import { run as cost } from "./cost.bench.mjs";
import { run as deploy } from "./deploy.bench.mjs";
import { run as previewBase } from "./preview-base.bench.mjs";
import { run as push } from "./push.bench.mjs";
import { run as releaseOverhead } from "./release-overhead.bench.mjs";
import { run as releaseTask } from "./release-task.bench.mjs";
import { run as render } from "./render.bench.mjs";
import { run as scale } from "./scale.bench.mjs";
import { run as startup } from "./startup.bench.mjs";

// The reference app's production reads its certificate from the environment; the benchmarks
// only validate, render and price it, so a made-up ARN does unless one is exported.
process.env.CASSANDRA_CERTIFICATE_ARN ??=
  "arn:aws:acm:eu-south-1:210987654321:certificate/4b8e6f2a-93c1-4d7e-a5b0-6c2f1e8d9a37";

const results = [
  startup(),
  render(),
  cost(),
  await push(),
  await deploy(),
  await previewBase(),
  await releaseOverhead(),
  await releaseTask(),
  await scale(),
  cdk(),
];
if (results.includes(false)) {
  console.log("\nsome budgets were exceeded");
  process.exitCode = 1;
}
