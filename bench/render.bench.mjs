// Budget (docs/architecture.md, "Budgets"): `berth render` of the reference app takes at most 1.5× a bare `node -e ''`.
import { compare, report, timeOnce } from "./measure.mjs";

const node = process.execPath;
const cases = [
  { name: "node -e ''", run: () => timeOnce(node, ["-e", ""]) },
  {
    name: "berth render (cassandra, production)",
    run: () => timeOnce(node, ["bin/berth.js", "render", "-f", "examples/cassandra/berth.yml", "-e", "production"]),
  },
];

export function run() {
  return report("render (median of interleaved runs)", compare(cases), { "berth render (cassandra, production)": 1.5 });
}
