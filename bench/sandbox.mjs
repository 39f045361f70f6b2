// The sandbox the deploy benchmarks run against (`berth sandbox` in a child process), and a
// counting forwarder in front of it: each request it forwards is one AWS API call.
import { spawn } from "node:child_process";
import { get } from "node:http";
import { createInterface } from "node:readline";

const node = process.execPath;

/**
 * Starts `berth sandbox --json` with `args` (such as `--speed`) and `env` (such as
 * BERTH_SANDBOX_FAIL); resolves with the child and what its first line says (endpoint, environment).
 */
export function startSandbox(args = [], env = process.env) {
  const child = spawn(node, ["bin/berth.js", "sandbox", "--json", ...args], {
    stdio: ["ignore", "pipe", "ignore"],
    env,
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`berth sandbox exited ${code}`)));
    createInterface({ input: child.stdout }).once("line", (line) => resolve({ child, ...JSON.parse(line) }));
  });
}

/**
 * A separate process (the benchmarks block their own event loop while they time commands)
 * forwarding to `target`; `count()` answers the calls since the last time it was asked.
 */
export function countingForwarder(target) {
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
