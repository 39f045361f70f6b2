// `npm run demo`: why berth exists, on a machine with no AWS account. It validates and
// renders the reference app, starts the local sandbox (moto plus simulated ECS deployments,
// ten times faster than real time), deploys the app's `sandbox` environment, releases a
// change blue/green, deploys a broken version that is rolled back by itself with its
// diagnosis, and stops the sandbox. Everything a user would see is printed.
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";

const berth = ["bin/berth.js"];
const manifest = ["-f", "examples/cassandra/berth.yml"];
const started = Date.now();

/** Runs berth and says whether it exited as expected (a broken release must exit 1). */
function run(title, args, env = process.env, expected = 0) {
  console.log(`\n$ ${describeEnv(env)}berth ${args.join(" ")}    # ${title}`);
  const result = spawnSync(process.execPath, [...berth, ...args], { stdio: "inherit", env });
  if (result.status !== expected) {
    console.log(`demo: berth ${args[0]} exited ${result.status}, expected ${expected}`);
    return false;
  }
  if (expected !== 0) console.log(`demo: berth ${args[0]} exited ${result.status}, as it must when a release was rolled back`);
  return true;
}

function describeEnv(env) {
  return ["DEMO_RELEASE", "DEMO_FAULT"].filter((name) => env[name]).map((name) => `${name}=${env[name]} `).join("");
}

function startSandbox() {
  console.log("\n$ berth sandbox --speed 10    # a local AWS, in the background for this demo; ECS time runs 10x faster");
  const child = spawn(process.execPath, [...berth, "sandbox", "--speed", "10", "--json"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`berth sandbox exited ${code} before it was ready`)));
    createInterface({ input: child.stdout }).once("line", (line) => {
      const ready = JSON.parse(line);
      console.log(`sandbox on ${ready.endpoint}`);
      resolve({ child, environment: ready.environment });
    });
  });
}

function stop(child) {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", resolve);
    child.kill("SIGINT");
  });
}

let ok = run("check the manifest, every environment", ["validate", ...manifest]);
ok &&= run("what AWS will get, no AWS needed", ["render", ...manifest, "-e", "production", "--out", ".berth/render"]);
if (ok) {
  const sandbox = await startSandbox();
  const env = { ...process.env, ...sandbox.environment };
  const deploy = ["deploy", ...manifest, "-e", "sandbox", "--yes"];
  try {
    ok &&= run("from nothing to the environment's infrastructure and first release", deploy, env);
    ok &&= run("a change, released blue/green: test traffic, smoke checks at the pause, then production", deploy, { ...env, DEMO_RELEASE: "2" });
    ok &&= run("a broken version: its tasks crash, ECS rolls it back by itself, berth says why", deploy, { ...env, DEMO_RELEASE: "3", DEMO_FAULT: "crash" }, 1);
    ok &&= run("every release, failed ones too, recorded in AWS", ["releases", ...manifest, "-e", "sandbox"], env);
  } finally {
    await stop(sandbox.child);
  }
}
console.log(`\ndemo: ${ok ? "done" : "stopped"} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exitCode = ok ? 0 : 1;
