// How berth's cost grows with the number of services (issue #12): `validate`, `render` and a
// no-change `deploy` against the sandbox for 1, 10, 30 and 100 web services, each time printed
// with its ratio to a bare Node start measured in the same run, and the AWS calls of the deploy.
// A manifest past an AWS quota is refused by validate and render (src/render/quotas.ts) after
// rendering it in full, so their time is still the whole check; it cannot be deployed.
import { spawn, spawnSync } from "node:child_process";
import { get } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { compare, timeOnce } from "./measure.mjs";

const node = process.execPath;
const SIZES = [1, 10, 30, 100];
// Four small web services are the most one environment stack's inline template holds today.
const DEPLOY_SIZES = [1, 4, 10, 30, 100];
const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";

function manifest(count) {
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
  const file = join(mkdtempSync(join(tmpdir(), "berth-scale-")), "berth.yml");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

function startSandbox() {
  const child = spawn(node, ["bin/berth.js", "sandbox", "--json"], { stdio: ["ignore", "pipe", "ignore"] });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`berth sandbox exited ${code}`)));
    createInterface({ input: child.stdout }).once("line", (line) => resolve({ child, ...JSON.parse(line) }));
  });
}

function countingForwarder(target) {
  const script = new URL("./counting-forwarder.mjs", import.meta.url).pathname;
  const child = spawn(node, [script, target], { stdio: ["ignore", "pipe", "ignore"] });
  return new Promise((resolve) =>
    createInterface({ input: child.stdout }).once("line", (endpoint) =>
      resolve({ child, endpoint, count: () => askCount(`${endpoint}/__count`) }),
    ),
  );
}

/** A fresh connection per question: a pooled one can be closed by the forwarder's keep-alive timeout during a long deploy. */
function askCount(url) {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (answer) => {
      let text = "";
      answer.on("data", (chunk) => (text += chunk));
      answer.on("end", () => resolve(Number(text)));
    }).on("error", reject);
  });
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

export async function run() {
  const files = Object.fromEntries(DEPLOY_SIZES.map((n) => [n, manifest(n)]));
  const cases = [{ name: "node -e ''", run: () => timeOnce(node, ["-e", ""]) }];
  for (const n of SIZES) {
    for (const command of ["validate", "render"]) {
      cases.push({
        name: `${command} ${n}`,
        run: () => timeOnce(node, ["bin/berth.js", command, "-f", files[n], "-e", "default"], { allowFailure: true }),
      });
    }
  }
  const results = Object.fromEntries(compare(cases, 9).map((r) => [r.name, r.median]));
  const start = results["node -e ''"];
  console.log(`\nscale (median of interleaved runs; node -e '' = ${start.toFixed(0)} ms)`);
  let ok = true;
  for (const command of ["validate", "render"]) {
    for (const n of SIZES) {
      const ms = results[`${command} ${n}`];
      console.log(
        `  ${`${command} ${n} services`.padEnd(24)} ${ms.toFixed(0).padStart(5)} ms  ${(ms / start).toFixed(2)}× node`,
      );
    }
    // Linear or better: 100 services within 12× the time of 10 beyond the Node start.
    const growth = (results[`${command} 100`] - start) / (results[`${command} 10`] - start);
    console.log(
      `  ${command}: 100 services cost ${growth.toFixed(1)}× 10 services beyond the Node start  ${growth <= 12 ? "within 12×" : "OVER 12×"}`,
    );
    ok &&= growth <= 12;
  }
  const validate100 = results["validate 100"] / start;
  console.log(
    `  validate of 100 services: ${validate100.toFixed(2)}× node  ${validate100 <= 2 ? "within 2×" : "OVER 2×"}`,
  );
  ok &&= validate100 <= 2;

  const sandbox = await startSandbox();
  const forwarder = await countingForwarder(sandbox.endpoint);
  try {
    for (const n of DEPLOY_SIZES) {
      const refused = refusal(files[n]);
      if (refused) {
        console.log(`  deploy ${n} services: refused before AWS: ${refused}`);
        continue;
      }
      const outcome = await noChangeDeploy(files[n], sandbox, forwarder);
      if (outcome.failed) console.log(`  deploy ${n} services: ${outcome.failed}`);
      else
        console.log(
          `  no-change deploy ${n} services: ${(outcome.ms / 1000).toFixed(2)} s, ${outcome.calls} AWS calls`,
        );
    }
  } finally {
    forwarder.child.kill();
    sandbox.child.kill("SIGINT");
  }
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = (await run()) ? 0 : 1;
