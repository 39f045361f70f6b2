import { spawn } from "node:child_process";
import type { CommandSpec } from "./builder-commands.js";

export interface CommandResult {
  code: number;
  /** The last lines of output (stdout and stderr interleaved), for error reports. */
  tail: string[];
}

const TAIL_LINES = 40;

/**
 * Runs a builder command and streams its output line by line. A missing program is
 * exit code 127, like a shell says it. The environment is inherited: builders read their
 * own settings from it (DOCKER_HOST, CONTAINERS_STORAGE_CONF, BUILDAH_ISOLATION, …).
 */
export function runCommand(
  spec: CommandSpec,
  onLine: (line: string) => void = () => {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const tail: string[] = [];
    const child = spawn(spec.program, spec.args, { env, stdio: ["pipe", "pipe", "pipe"] });
    const take = (line: string) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      onLine(line);
    };
    for (const stream of [child.stdout, child.stderr]) splitLines(stream, take);
    child.stdin.on("error", () => {});
    child.stdin.end(spec.stdin ?? "");
    child.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ code: error.code === "ENOENT" ? 127 : 1, tail: [...tail, error.message] }),
    );
    child.on("close", (code) => resolve({ code: code ?? 1, tail }));
  });
}

function splitLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const parts = (pending + chunk).split(/\r?\n|\r/);
    pending = parts.pop() ?? "";
    for (const part of parts) if (part.trim() !== "") onLine(part);
  });
  stream.on("end", () => {
    if (pending.trim() !== "") onLine(pending);
  });
}
