// Issue #5 budget: a deploy where neither the template nor any image changed finishes in
// under 2 s against the sandbox, touching no service. A counting forwarder in front of the
// sandbox shows how many AWS calls such a deploy makes. Prints ratios, and the 2 s check.
import { spawnSync } from "node:child_process";
import { createCassandraSecrets } from "../scripts/cassandra-secrets.mjs";
import { compare, report, timeOnce } from "./measure.mjs";
import { countingForwarder, startSandbox } from "./sandbox.mjs";

const node = process.execPath;
const deployArgs = ["bin/berth.js", "deploy", "-f", "examples/cassandra/berth.yml", "-e", "sandbox", "--yes"];

export async function run() {
  const sandbox = await startSandbox();
  const forwarder = await countingForwarder(sandbox.endpoint);
  const env = { ...process.env, ...sandbox.environment, AWS_ENDPOINT_URL: forwarder.endpoint };
  try {
    await createCassandraSecrets(sandbox.environment);
    const first = spawnSync(node, deployArgs, { env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    if (first.status !== 0)
      throw new Error(
        `the first deploy into the sandbox failed (exit ${first.status}):\n${first.stderr.split("\n").slice(-15).join("\n")}`,
      );
    await forwarder.count();
    spawnSync(node, deployArgs, { env, stdio: "ignore" });
    const calls = await forwarder.count();
    const results = compare(
      [
        { name: "node -e ''", run: () => timeOnce(node, ["-e", ""]) },
        { name: "berth deploy, nothing changed (sandbox)", run: () => timeOnce(node, deployArgs, { env }) },
      ],
      9,
    );
    const ok = report("no-change deploy (median of interleaved runs)", results, {});
    const ms = results[1].median;
    console.log(
      `  ${"no-change deploy".padEnd(44)} ${(ms / 1000).toFixed(2)} s, ${calls} AWS calls  ${ms < 2000 ? "within 2 s" : "OVER 2 s"}`,
    );
    return ok && ms < 2000;
  } finally {
    forwarder.child.kill();
    sandbox.child.kill("SIGINT");
  }
}
