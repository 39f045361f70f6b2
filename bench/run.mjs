// `npm run bench`: every benchmark prints ratios against a baseline measured in the same run.
import { run as push } from "./push.bench.mjs";
import { run as startup } from "./startup.bench.mjs";

const results = [startup(), await push()];
if (results.includes(false)) {
  console.log("\nsome budgets were exceeded");
  process.exitCode = 1;
}
