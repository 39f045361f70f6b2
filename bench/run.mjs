// `npm run bench`: every benchmark prints ratios against a baseline measured in the same run.
import { run as cdk } from "./cdk-compare.bench.mjs";
import { run as deploy } from "./deploy.bench.mjs";
import { run as push } from "./push.bench.mjs";
import { run as releaseOverhead } from "./release-overhead.bench.mjs";
import { run as render } from "./render.bench.mjs";
import { run as startup } from "./startup.bench.mjs";

const results = [startup(), render(), await push(), await deploy(), await releaseOverhead(), cdk()];
if (results.includes(false)) {
  console.log("\nsome budgets were exceeded");
  process.exitCode = 1;
}
