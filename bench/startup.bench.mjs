// Budget (docs/architecture.md, "Budgets"): `berth validate` and `berth --help` take at most 1.5× a bare `node -e ''`.
import { compare, report, timeOnce } from "./measure.mjs";

const node = process.execPath;
const cases = [
  { name: "node -e ''", run: () => timeOnce(node, ["-e", ""]) },
  { name: "berth --help", run: () => timeOnce(node, ["bin/berth.js", "--help"]) },
  { name: "berth validate (cassandra, every environment)", run: () => timeOnce(node, ["bin/berth.js", "validate", "-f", "examples/cassandra/berth.yml"]) },
];

export function run() {
  return report("start-up (median of interleaved runs)", compare(cases), {
    "berth --help": 1.5,
    "berth validate (cassandra, every environment)": 1.5,
  });
}
