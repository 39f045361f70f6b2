import { spawn } from "node:child_process";
import { resolve } from "node:path";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, with only the given environment (plus PATH); `input` is piped to stdin. */
export function berthAsync(
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd?: string,
  input?: string,
): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve("bin/berth.js"), ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      ...(cwd ? { cwd } : {}),
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdin.end(input ?? "");
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/**
 * `berth deploy -f FILE --yes` killed with SIGKILL (a runner that vanished) once web's release
 * waits at berth's pause hook, after test traffic; resolves with what it printed.
 */
export function deployKilledAtThePause(file: string, env: Record<string, string | undefined>): Promise<string> {
  const child = spawn(process.execPath, [resolve("bin/berth.js"), "deploy", "-f", file, "--yes"], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  return new Promise((done) => {
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      if (/web: deployment IN_PROGRESS \(POST_TEST_TRAFFIC_SHIFT\b/.test(stderr) && !child.killed)
        child.kill("SIGKILL");
    });
    child.on("close", () => done(stderr));
  });
}
