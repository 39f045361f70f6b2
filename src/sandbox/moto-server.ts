import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { UserError } from "../exit-codes.js";
import { motoPatches } from "./moto-patches.js";
import { MOTO_INSTALL_HINT, reportedMotoVersion, unsupportedMotoVersion } from "./moto-version.js";

export interface MotoServer {
  endpoint: string;
  port: number;
  /** Kills moto's whole process group and resolves once it has exited. */
  stop(): Promise<void>;
}

export interface MotoOptions {
  /** The executable; tests point it elsewhere to check the missing-moto message. */
  command?: string;
  port?: number;
  readyTimeoutMs?: number;
}

const HOST = "127.0.0.1";

/** A free TCP port on loopback, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `moto_server` on loopback in its own process group (so stop() reaches anything
 * it forks), with berth's patches (moto-patches.ts), and resolves once it answers HTTP and
 * has said (through the patches) that it is the moto version berth is tested with.
 */
export async function startMotoServer(options: MotoOptions = {}): Promise<MotoServer> {
  const command = options.command ?? "moto_server";
  const port = options.port ?? (await freePort());
  const endpoint = `http://${HOST}:${port}`;
  const patches = await motoPatches();
  const child = spawn(command, ["-H", HOST, "-p", String(port)], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: patches.env,
  });
  // moto logs every request on stderr: it must be drained or moto blocks on a full pipe.
  const recent: string[] = [];
  let version: string | undefined;
  child.stderr?.on("data", (chunk: Buffer) => {
    const lines = chunk.toString().split("\n").filter(Boolean);
    for (const line of lines) version ??= reportedMotoVersion(line);
    recent.push(...lines);
    recent.splice(0, Math.max(0, recent.length - 20));
  });
  const killOnExit = () => killGroup(child, "SIGKILL");
  process.once("exit", killOnExit);

  const stop = async () => {
    process.removeListener("exit", killOnExit);
    await stopGroup(child);
    await patches.remove();
  };
  try {
    await waitUntilAnswering(child, endpoint, command, options.readyTimeoutMs ?? 20_000, recent);
    // The patches write the version before moto's server starts, so it is known by now.
    const unsupported = unsupportedMotoVersion(version);
    if (unsupported) throw new UserError(unsupported, 1, MOTO_INSTALL_HINT);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, stop };
}

async function waitUntilAnswering(
  child: ChildProcess,
  endpoint: string,
  command: string,
  timeoutMs: number,
  recent: string[],
): Promise<void> {
  let failure: Error | undefined;
  child.once("error", (error: NodeJS.ErrnoException) => {
    failure =
      error.code === "ENOENT"
        ? new UserError(`${command} was not found; the sandbox needs moto's server`, 1, MOTO_INSTALL_HINT)
        : error;
  });
  child.once("exit", (code) => {
    failure ??= new UserError(
      `${command} exited (code ${code}) before it answered: ${recent.slice(-3).join(" / ") || "no output"}`,
      1,
      MOTO_INSTALL_HINT,
    );
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (failure) throw failure;
    if (await answers(`${endpoint}/moto-api/data.json`)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw (
    failure ??
    new UserError(`${command} did not answer on ${endpoint} within ${timeoutMs / 1000} s`, 1, MOTO_INSTALL_HINT)
  );
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

export async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
  // Children moto may have forked share the group; make sure none outlive it.
  killGroup(child, "SIGKILL");
}
