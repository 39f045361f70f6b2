// `npm run demo`: why berth exists, on a machine with no AWS account. It validates and
// renders the reference app, starts the local sandbox (moto plus simulated ECS deployments,
// twenty times faster than real time), deploys the app's `sandbox` environment, releases a
// change blue/green after its release task (the migration) ran, deploys a version whose
// migration fails (nothing is released), deploys a broken version that is rolled back by
// itself with its diagnosis, rolls back to the release before, lists the history and stops
// the sandbox.
// Everything a user would see is printed.
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { createCassandraSecrets } from "./cassandra-secrets.mjs";

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
  if (expected !== 0)
    console.log(`demo: berth ${args[0]} exited ${result.status}, as it must when the new version does not serve`);
  return true;
}

function describeEnv(env) {
  return ["DEMO_RELEASE", "DEMO_FAULT"]
    .filter((name) => env[name])
    .map((name) => `${name}=${env[name]} `)
    .join("");
}

function startSandbox() {
  console.log(
    "\n$ berth sandbox --speed 20    # a local AWS, in the background for this demo; ECS time runs 20x faster",
  );
  const child = spawn(process.execPath, [...berth, "sandbox", "--speed", "20", "--json"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
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

// Production serves HTTPS with the certificate named by CASSANDRA_CERTIFICATE_ARN; the demo
// never creates production, so a made-up ARN stands in unless you export your own.
const withCertificate = {
  CASSANDRA_CERTIFICATE_ARN: "arn:aws:acm:eu-south-1:210987654321:certificate/4b8e6f2a-93c1-4d7e-a5b0-6c2f1e8d9a37",
  ...process.env,
};
let ok = run("check the manifest, every environment", ["validate", ...manifest], withCertificate);
ok &&= run(
  "what AWS will get, no AWS needed",
  ["render", ...manifest, "-e", "production", "--out", ".berth/render"],
  withCertificate,
);
if (ok) {
  const sandbox = await startSandbox();
  const env = { ...process.env, ...sandbox.environment };
  const deploy = ["deploy", ...manifest, "-e", "sandbox", "--yes"];
  try {
    console.log(
      "\n# the app's own secrets, created once per environment by the team: sandbox/stripe (Secrets Manager), /cassandra/sandbox/api-token (SSM)",
    );
    await createCassandraSecrets(sandbox.environment);
    ok &&= run("from nothing to the environment's infrastructure and first release", deploy, env);
    ok &&= run(
      "a change: its migration runs first (web's release task), then blue/green: test traffic, smoke checks, production",
      deploy,
      { ...env, DEMO_RELEASE: "2" },
    );
    ok &&= run(
      "a version whose migration fails: nothing is released, every service keeps serving, berth says why",
      deploy,
      { ...env, DEMO_RELEASE: "3", DEMO_FAULT: "release" },
      1,
    );
    ok &&= run(
      "a broken version: its migration passes, its tasks crash, ECS rolls it back by itself, berth says why",
      deploy,
      { ...env, DEMO_RELEASE: "4", DEMO_FAULT: "crash" },
      1,
    );
    ok &&= run(
      "back to the release before the one that serves, its exact task definitions and digests",
      ["rollback", ...manifest, "-e", "sandbox", "--yes"],
      env,
    );
    ok &&= run(
      "every release, failed ones and the rollback too, recorded in AWS",
      ["releases", ...manifest, "-e", "sandbox"],
      env,
    );
  } finally {
    await stop(sandbox.child);
  }
}
console.log(`\ndemo: ${ok ? "done" : "stopped"} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exitCode = ok ? 0 : 1;
