// How berth's cost grows with the number of services (issue #12): `validate` (the base and
// every environment), `validate -e production` and `render -e production` of 1, 10, 30 and 100
// services (test/fixtures/many-services.mjs: web services, queue workers, database users,
// volumes and buckets), each time printed with its ratio to a bare Node start measured in the
// same run, on this Node and each other one .ci/run fetched (as startup.bench.mjs); then a
// no-change `deploy` against the sandbox of 1 to 100 small web services, with its AWS calls.
// Budgets: 100 services cost at most 12× what 10 cost beyond the Node start, and `validate`
// of 100 services at most 2× the Node start. A manifest past an AWS quota is
// refused by `validate -e` and `render` (src/render/quotas.ts) after rendering it in full, so
// their time is still the whole check; it cannot be deployed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manyServices } from "../test/fixtures/many-services.mjs";
import { availableNodes, compare, timeOnce } from "./measure.mjs";
import { countingForwarder, startSandbox } from "./sandbox.mjs";

const node = process.execPath;
const SIZES = [1, 10, 30, 100];
const COMMANDS = {
  validate: ["validate"],
  "validate -e production": ["validate", "-e", "production"],
  "render -e production": ["render", "-e", "production"],
};
// Four small web services are the most one environment stack's inline template holds today.
const DEPLOY_SIZES = [1, 4, 10, 30, 100];
const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";

const services = (n) => `${n} service${n === 1 ? "" : "s"}`;
const directory = mkdtempSync(join(tmpdir(), "berth-scale-"));

function writeManifest(name, text) {
  const file = join(directory, name);
  writeFileSync(file, text);
  return file;
}

/** `count` small web services on a pinned image that deploy without builds, secrets or data. */
function webServices(count) {
  const lines = ["app: scale", "services:"];
  for (let i = 1; i <= count; i++) {
    lines.push(
      `  svc${i}:`,
      `    image: "${IMAGE}"`,
      "    port: 80",
      `    http: { path: /s${i} }`,
      "    deploy: { bake: 0m }",
    );
  }
  return writeManifest(`web-${count}.yml`, `${lines.join("\n")}\n`);
}

const refusal = (file) => {
  const run = spawnSync(node, ["bin/berth.js", "validate", "-f", file, "-e", "default"], { encoding: "utf8" });
  return run.status === 0 ? undefined : (run.stderr.split("\n")[0] ?? "").replace(/^error \S+ /, "");
};

async function noChangeDeploy(file, sandbox, forwarder) {
  const env = { ...process.env, ...sandbox.environment, AWS_ENDPOINT_URL: forwarder.endpoint };
  const args = ["bin/berth.js", "deploy", "-f", file, "-e", "default", "--yes"];
  const first = spawnSync(node, args, { env, stdio: "ignore" });
  if (first.status !== 0) return { failed: `the first deploy exited ${first.status}` };
  await forwarder.count();
  const ms = timeOnce(node, args, { env });
  return { ms, calls: await forwarder.count() };
}

/** Times every command on every size with `node`, interleaved with its bare start; prints them; false past a budget. */
function timeOfflineCommands(version, node, files) {
  const cases = [{ name: "node -e ''", run: () => timeOnce(node, ["-e", ""]) }];
  for (const n of SIZES)
    for (const [command, args] of Object.entries(COMMANDS))
      cases.push({
        name: `${command} ${n}`,
        run: () => timeOnce(node, ["bin/berth.js", ...args, "-f", files[n]], { allowFailure: true }),
      });
  const results = Object.fromEntries(compare(cases, 9).map((r) => [r.name, r.median]));
  const start = results["node -e ''"];
  console.log(`\nscale on Node ${version} (median of interleaved runs; node -e '' = ${start.toFixed(0)} ms)`);
  let ok = true;
  for (const command of Object.keys(COMMANDS)) {
    for (const n of SIZES) {
      const ms = results[`${command} ${n}`];
      const label = `${command}, ${services(n)}`.padEnd(40);
      console.log(`  ${label} ${ms.toFixed(0).padStart(5)} ms  ${(ms / start).toFixed(2)}× node`);
    }
    // Linear or better: 100 services within 12× the time of 10 beyond the Node start.
    const growth = (results[`${command} 100`] - start) / (results[`${command} 10`] - start);
    const verdict = growth <= 12 ? "within 12×" : "OVER 12×";
    console.log(`  ${command}: 100 services cost ${growth.toFixed(1)}× 10 services beyond the Node start  ${verdict}`);
    ok &&= growth <= 12;
  }
  const validate100 = results["validate 100"] / start;
  console.log(
    `  validate of 100 services: ${validate100.toFixed(2)}× node  ${validate100 <= 2 ? "within 2×" : "OVER 2×"}`,
  );
  return ok && validate100 <= 2;
}

export async function run() {
  const files = Object.fromEntries(SIZES.map((n) => [n, writeManifest(`many-${n}.yml`, manyServices(n).text)]));
  let ok = true;
  for (const [version, other] of availableNodes()) ok = timeOfflineCommands(version, other, files) && ok;
  const sandbox = await startSandbox();
  const forwarder = await countingForwarder(sandbox.endpoint);
  try {
    for (const n of DEPLOY_SIZES) {
      const file = webServices(n);
      const refused = refusal(file);
      if (refused) {
        console.log(`  deploy ${services(n)}: refused before AWS: ${refused}`);
        continue;
      }
      const outcome = await noChangeDeploy(file, sandbox, forwarder);
      if (outcome.failed) console.log(`  deploy ${services(n)}: ${outcome.failed}`);
      else
        console.log(
          `  no-change deploy ${services(n)}: ${(outcome.ms / 1000).toFixed(2)} s, ${outcome.calls} AWS calls`,
        );
    }
  } finally {
    forwarder.child.kill();
    sandbox.child.kill("SIGINT");
  }
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = (await run()) ? 0 : 1;
