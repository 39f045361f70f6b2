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

/**
 * The reference app reads a Stripe key from Secrets Manager and an API token from SSM; a
 * team creates those once, outside berth, and deploy checks they exist before it changes
 * anything. The demo creates them in the sandbox as that team would.
 */
async function createAppSecrets(environment) {
  const aws = { region: environment.AWS_REGION, endpoint: environment.AWS_ENDPOINT_URL, credentials: { accessKeyId: "sandbox", secretAccessKey: "sandbox" } };
  const { SecretsManagerClient, CreateSecretCommand } = await import("@aws-sdk/client-secrets-manager");
  const { SSMClient, PutParameterCommand } = await import("@aws-sdk/client-ssm");
  console.log("\n# the app's own secrets, created once by the team: prod/stripe (Secrets Manager), /cassandra/api-token (SSM)");
  await new SecretsManagerClient(aws).send(new CreateSecretCommand({ Name: "prod/stripe", SecretString: JSON.stringify({ key: "sk_test_demo" }) }));
  await new SSMClient(aws).send(new PutParameterCommand({ Name: "/cassandra/api-token", Value: "demo-token", Type: "SecureString" }));
}

let ok = run("check the manifest, every environment", ["validate", ...manifest]);
ok &&= run("what AWS will get, no AWS needed", ["render", ...manifest, "-e", "production", "--out", ".berth/render"]);
if (ok) {
  const sandbox = await startSandbox();
  const env = { ...process.env, ...sandbox.environment };
  try {
    await createAppSecrets(sandbox.environment);
    ok &&= run("from nothing to the environment's infrastructure", ["deploy", ...manifest, "-e", "sandbox", "--yes"], env);
    ok &&= run("nothing changed: no infrastructure work, images already pinned", ["deploy", ...manifest, "-e", "sandbox"], env);
  } finally {
    await stop(sandbox.child);
  }
}
process.exitCode = ok ? 0 : 1;
