// Budget (docs/architecture.md, "Budgets"): `berth cost` of the reference app takes at most 1.5× a
// `berth render` of it, measured in the same run: it renders, then reads one Region's prices.
import { compare, report, timeOnce } from "./measure.mjs";

const node = process.execPath;
const reference = ["-f", "examples/cassandra/berth.yml", "-e", "production"];
const cases = [
  { name: "berth render (cassandra, production)", run: () => timeOnce(node, ["bin/berth.js", "render", ...reference]) },
  {
    name: "berth cost (cassandra, production)",
    run: () => timeOnce(node, ["bin/berth.js", "cost", ...reference, "--region", "us-east-1"]),
  },
];

export function run() {
  return report("cost (median of interleaved runs)", compare(cases), { "berth cost (cassandra, production)": 1.5 });
}
