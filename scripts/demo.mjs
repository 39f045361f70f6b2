// `npm run demo`: berth's main job on a machine with no AWS account. It validates and
// renders the reference app, starts the local sandbox (moto plus simulated ECS
// deployments), deploys the app's `sandbox` environment to it, deploys again to show a
// no-change deploy, and stops the sandbox. Everything a user would see is printed.
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";

const berth = ["bin/berth.js"];
const manifest = ["-f", "examples/cassandra/berth.yml"];

function run(title, args, env = process.env) {
  console.log(`\n$ berth ${args.join(" ")}    # ${title}`);
  const result = spawnSync(process.execPath, [...berth, ...args], { stdio: "inherit", env });
  if (result.status !== 0) {
    console.log(`demo: berth ${args[0]} exited ${result.status}`);
    return false;
  }
  return true;
}

function startSandbox() {
  console.log("\n$ berth sandbox    # a local AWS, in the background for this demo");
  const child = spawn(process.execPath, [...berth, "sandbox", "--json"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`berth sandbox exited ${code} before it was ready`)));
    createInterface({ input: child.stdout }).once("line", (line) => {
      const started = JSON.parse(line);
      console.log(`sandbox on ${started.endpoint}`);
      resolve({ child, environment: started.environment });
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
const withCertificate = { CASSANDRA_CERTIFICATE_ARN: "arn:aws:acm:eu-south-1:210987654321:certificate/4b8e6f2a-93c1-4d7e-a5b0-6c2f1e8d9a37", ...process.env };
let ok = run("check the manifest, every environment", ["validate", ...manifest], withCertificate);
ok &&= run("what AWS will get, no AWS needed", ["render", ...manifest, "-e", "production", "--out", ".berth/render"], withCertificate);
if (ok) {
  const sandbox = await startSandbox();
  const env = { ...process.env, ...sandbox.environment };
  try {
    ok &&= run("from nothing to the environment's infrastructure", ["deploy", ...manifest, "-e", "sandbox", "--yes"], env);
    ok &&= run("nothing changed: no infrastructure work, images already pinned", ["deploy", ...manifest, "-e", "sandbox"], env);
  } finally {
    await stop(sandbox.child);
  }
}
process.exitCode = ok ? 0 : 1;
