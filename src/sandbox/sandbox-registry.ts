import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, stopGroup } from "./moto-server.js";

/**
 * The sandbox's container registry: Debian's `docker-registry` (the CNCF distribution
 * server) on a loopback port, storing into a temporary directory removed on stop. It
 * stands in for the account's ECR registry (see ecr-registry.ts), so `deploy` of a
 * manifest with `build:` pushes somewhere real. It runs without authentication: ECR's
 * token login is answered by the sandbox, and the registry ignores the Basic header.
 */
export interface SandboxRegistry {
  /** `127.0.0.1:PORT`, as image references write it. */
  host: string;
  stop(): Promise<void>;
}

export const REGISTRY_INSTALL_HINT =
  "apt-get install docker-registry (Debian/Ubuntu), or run the CNCF distribution server";

export interface RegistryOptions {
  /** The executable; tests point it elsewhere to check the missing-registry path. */
  command?: string;
  readyTimeoutMs?: number;
}

/** Starts the registry, or resolves undefined when it is not installed (prebuilt images still work). */
export async function startSandboxRegistry(options: RegistryOptions = {}): Promise<SandboxRegistry | undefined> {
  const command = options.command ?? "docker-registry";
  const dir = await mkdtemp(join(tmpdir(), "berth-sandbox-registry-"));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = [
    "version: 0.1",
    "log: { level: error, accesslog: { disabled: true } }",
    `storage: { filesystem: { rootdirectory: ${join(dir, "data")} }, delete: { enabled: true } }`,
    `http: { addr: "${host}" }`,
    "",
  ].join("\n");
  await writeFile(join(dir, "config.yml"), config);
  const child = spawn(command, ["serve", join(dir, "config.yml")], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const recent: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => {
    recent.push(...chunk.toString().split("\n").filter(Boolean));
    recent.splice(0, Math.max(0, recent.length - 5));
  });
  const remove = async () => {
    await stopGroup(child);
    await rm(dir, { recursive: true, force: true });
  };
  const started = await answering(child, `http://${host}/v2/`, options.readyTimeoutMs ?? 10_000);
  if (started === "missing") {
    await remove();
    return undefined;
  }
  if (started !== "ready") {
    await remove();
    throw new Error(`${command} did not start on ${host}: ${recent.slice(-2).join(" / ") || started}`);
  }
  const killOnExit = () => child.pid !== undefined && process.kill(-child.pid, "SIGKILL");
  process.once("exit", killOnExit);
  return {
    host,
    stop: async () => {
      process.removeListener("exit", killOnExit);
      await remove();
    },
  };
}

async function answering(child: ChildProcess, url: string, timeoutMs: number): Promise<"ready" | "missing" | string> {
  let failure: string | undefined;
  child.once(
    "error",
    (error: NodeJS.ErrnoException) => (failure = error.code === "ENOENT" ? "missing" : error.message),
  );
  child.once("exit", (code) => (failure ??= `exited with code ${code}`));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (failure) return failure;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return "ready";
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return failure ?? `no answer within ${timeoutMs / 1000} s`;
}
