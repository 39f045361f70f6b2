// Issue #3 asks how `berth render` compares with `cdk synth` of an equivalent CDK
// ecs-patterns app. CDK is large, so it is installed on first use into bench/cdk/
// (ignored by git), not as a dependency of berth. Prints a ratio, no budget.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compare, report, timeOnce } from "./measure.mjs";

const dir = new URL("./cdk/", import.meta.url).pathname;

function installCdk() {
  if (existsSync(join(dir, "node_modules", "aws-cdk-lib"))) return true;
  try {
    execFileSync(
      "npm",
      ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", dir, "aws-cdk-lib@2", "constructs@10"],
      { stdio: "ignore" },
    );
    return true;
  } catch {
    console.log("\ncdk comparison skipped: aws-cdk-lib could not be installed from the npm registry");
    return false;
  }
}

export function run() {
  if (!installCdk()) return true;
  const node = process.execPath;
  const out = mkdtempSync(join(tmpdir(), "berth-cdk-"));
  const cases = [
    {
      name: "berth render (cassandra, production)",
      run: () =>
        timeOnce(node, [
          "bin/berth.js",
          "render",
          "-f",
          "examples/cassandra/berth.yml",
          "-e",
          "production",
          "--out",
          join(out, "berth"),
        ]),
    },
    {
      name: "CDK ecs-patterns synth of the same app",
      run: () => timeOnce(node, [join(dir, "app.mjs")], { env: { ...process.env, CDK_OUT: join(out, "cdk") } }),
    },
  ];
  return report("berth render vs CDK synth (median of interleaved runs)", compare(cases, 7), {});
}
