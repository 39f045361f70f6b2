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
