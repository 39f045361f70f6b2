// How berth's cost grows with the number of services (issue #12): `validate` (the base and
// every environment), `validate -e production` and `render -e production` of 1, 10, 30 and 100
// services (test/fixtures/many-services.mjs: web services, queue workers, database users,
// volumes and buckets), each time printed with its ratio to a bare Node start measured in the
// same run, on this Node and each other one .ci/run fetched (as startup.bench.mjs); then, for
// each size, a first `deploy` against the sandbox and a no-change one, each with its time and
// AWS calls (`node bench/scale.bench.mjs --deploy` runs only those). Budgets: 100 services cost
// at most 12× what 10 cost beyond the Node start, `validate` of 100 services at most 2× the
// Node start, and a no-change deploy of 100 services under 5 s. A manifest past an AWS quota is
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
const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
// Every fifth web service on a second load balancer (`http.loadBalancer`), the others on the main one.
const onTwoLoadBalancers = (n) => (n % 5 === 0 ? "edge" : undefined);

const services = (n) => `${n} service${n === 1 ? "" : "s"}`;
const directory = mkdtempSync(join(tmpdir(), "berth-scale-"));

function writeManifest(name, text) {
  const file = join(directory, name);
  writeFileSync(file, text);
  return file;
}

/**
 * The services the deploy benchmark releases: the shared fixture of every kind on a pinned
 * image, or, where that environment crosses an AWS quota, half web services on two load
 * balancers and half workers without a queue.
 */
function deployable(count) {
  const every = manyServices(count, { image: IMAGE, loadBalancer: onTwoLoadBalancers });
  // An app per size: each size's first deploy creates its environment.
  const file = writeManifest(`deploy-${count}.yml`, every.text.replace(/^app: many$/m, `app: many${count}`));
  const refused = refusal(file);
  if (!refused) return { file, kind: "of every kind", names: every.names };
  const lines = [`app: fleet${count}`, "environments: { staging: {} }", "services:"];
  const names = [];
  for (let i = 1; i <= count; i++) {
    const web = i % 2 === 1;
    const name = web ? `web${(i + 1) / 2}` : `worker${i}`;
    names.push(name);
    lines.push(`  ${name}:`, `    image: "${IMAGE}"`);
    if (web) {
      const balancer = onTwoLoadBalancers((i + 1) / 2);
      lines.push("    port: 80", `    http: { path: /${name}/*${balancer ? `, loadBalancer: ${balancer}` : ""} }`);
    }
  }
  return {
    file: writeManifest(`fleet-${count}.yml`, `${lines.join("\n")}\n`),
    kind: `web and workers (the fixture is refused: ${refused})`,
    names: [],
  };
}

const refusal = (file) => {
  const run = spawnSync(node, ["bin/berth.js", "validate", "-f", file, "-e", "staging"], { encoding: "utf8" });
  return run.status === 0 ? undefined : (run.stderr.split("\n")[0] ?? "").replace(/^error \S+ /, "");
};

/** The staging parameters the fixture's services read (a team creates its secrets once per environment). */
async function createParameters(sandbox, names) {
  const { SSMClient, PutParameterCommand } = await import("@aws-sdk/client-ssm");
  const ssm = new SSMClient({
    region: sandbox.environment.AWS_REGION,
    endpoint: sandbox.endpoint,
    credentials: { accessKeyId: "sandbox", secretAccessKey: "sandbox" },
    // The throttling sandbox refuses a fifth of these too: the SDK's default 3 attempts lose one in 125.
    maxAttempts: 10,
  });
  for (const name of names)
    await ssm.send(
      new PutParameterCommand({
        Name: `/many/staging/${name}/api-token`,
        Value: "token",
        Type: "SecureString",
        Overwrite: true,
      }),
    );
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** A first deploy of the manifest, then a no-change one, each timed with its AWS calls. */
async function deployTwice(file, sandbox, forwarder) {
  const env = { ...process.env, ...sandbox.environment, AWS_ENDPOINT_URL: forwarder.endpoint };
  const args = ["bin/berth.js", "deploy", "-f", file, "-e", "staging", "--yes"];
  await forwarder.count();
  let start = Date.now();
  const first = spawnSync(node, args, { env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const firstMs = Date.now() - start;
  if (first.status !== 0)
    return {
      failed: `the first deploy exited ${first.status}: ${first.stderr.trim().split("\n").slice(-3).join(" / ")}`,
    };
  const firstCalls = await forwarder.count();
  start = Date.now();
  const again = spawnSync(node, args, { env, stdio: "ignore" });
  const ms = Date.now() - start;
  if (again.status !== 0) return { failed: `the no-change deploy exited ${again.status}` };
  return { firstMs, firstCalls, ms, calls: await forwarder.count() };
}

/**
 * The first deploy of `count` services, and a no-change one, against a sandbox refusing a
 * fifth of the calls with a throttling error (BERTH_SANDBOX_FAIL=throttle): the SDK's
 * retries must carry every service through. False when a deploy fails.
 */
async function throttledDeploy(count) {
  const sandbox = await startSandbox(["--speed", "60"], { ...process.env, BERTH_SANDBOX_FAIL: "throttle" });
  const forwarder = await countingForwarder(sandbox.endpoint);
  try {
    const { file, names } = deployable(count);
    await createParameters(sandbox, names);
    const outcome = await deployTwice(file, sandbox, forwarder);
    const label = `${services(count)} with BERTH_SANDBOX_FAIL=throttle`;
    if (outcome.failed) console.log(`  ${label}: ${outcome.failed}`);
    else
      console.log(
        `  ${label}\n    first ${(outcome.firstMs / 1000).toFixed(1)} s, ${outcome.firstCalls} calls; ` +
          `no change ${(outcome.ms / 1000).toFixed(2)} s, ${outcome.calls} calls (retries included)`,
      );
    return !outcome.failed;
  } finally {
    forwarder.child.kill();
    sandbox.child.kill("SIGINT");
  }
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

export async function run({ offline = true } = {}) {
  const files = Object.fromEntries(SIZES.map((n) => [n, writeManifest(`many-${n}.yml`, manyServices(n).text)]));
  let ok = true;
  if (offline) for (const [version, other] of availableNodes()) ok = timeOfflineCommands(version, other, files) && ok;
  // Simulated ECS time 60× the clock: a first release's five-minute bake takes five seconds.
  const sandbox = await startSandbox(["--speed", "60"]);
  const forwarder = await countingForwarder(sandbox.endpoint);
  console.log(
    "\ndeploy to the sandbox: the first, then one with nothing changed (its time, AWS calls and calls per service)",
  );
  try {
    for (const n of SIZES) {
      const { file, kind, names } = deployable(n);
      await createParameters(sandbox, names);
      const outcome = await deployTwice(file, sandbox, forwarder);
      const label = `${services(n)} ${kind}`;
      if (outcome.failed) {
        console.log(`  ${label}: ${outcome.failed}`);
        ok = false;
        continue;
      }
      const first = `first ${(outcome.firstMs / 1000).toFixed(1)} s, ${outcome.firstCalls} calls`;
      const perService = (outcome.calls / n).toFixed(1);
      const again = `no change ${(outcome.ms / 1000).toFixed(2)} s, ${outcome.calls} calls (${perService} per service)`;
      console.log(`  ${label}\n    ${first}; ${again}`);
      // The budget: a no-change deploy of 100 services in under 5 s.
      if (n === 100) {
        console.log(`    no-change deploy of 100 services ${outcome.ms < 5000 ? "under 5 s" : "OVER 5 s"}`);
        ok &&= outcome.ms < 5000;
      }
    }
  } finally {
    forwarder.child.kill();
    sandbox.child.kill("SIGINT");
  }
  ok = (await throttledDeploy(100)) && ok;
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`)
  process.exitCode = (await run({ offline: !process.argv.includes("--deploy") })) ? 0 : 1;
