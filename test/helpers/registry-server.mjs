/* global fetch */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import bcrypt from "bcryptjs";
import { freePort, waitForHttp } from "./free-port.mjs";

/**
 * A real registry (Debian's docker-registry, the CNCF distribution server) on a free
 * loopback port, with htpasswd basic auth standing in for the ECR token login. Tests fail,
 * not skip, when it is missing: .ci/run installs it.
 */
export async function startRegistry() {
  if (spawnSync("docker-registry", ["--version"]).status !== 0)
    throw new Error("docker-registry is not installed (apt-get install docker-registry; .ci/run does it)");
  const dir = mkdtempSync(join(tmpdir(), "berth-registry-"));
  const port = await freePort();
  const username = "berth-test";
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(dir, "htpasswd"), `${username}:${bcrypt.hashSync(password, 6)}\n`);
  writeFileSync(
    join(dir, "config.yml"),
    [
      "version: 0.1",
      "log: { level: warn, accesslog: { disabled: false } }",
      `storage: { filesystem: { rootdirectory: ${join(dir, "data")} }, delete: { enabled: true } }`,
      `http: { addr: "127.0.0.1:${port}" }`,
      `auth: { htpasswd: { realm: berth-test, path: ${join(dir, "htpasswd")} } }`,
      "",
    ].join("\n"),
  );
  const child = spawn("docker-registry", ["serve", join(dir, "config.yml")], { stdio: ["ignore", "pipe", "pipe"] });
  const log = [];
  const listeners = new Set();
  for (const stream of [child.stdout, child.stderr]) {
    let pending = "";
    stream.on("data", (chunk) => {
      const lines = (pending + chunk.toString("utf8")).split("\n");
      pending = lines.pop() ?? "";
      log.push(...lines.filter(Boolean));
      for (const listener of listeners) listener();
    });
  }
  let alive = true;
  child.on("exit", () => (alive = false));
  await waitForHttp(`http://127.0.0.1:${port}/v2/`, "docker-registry", () => alive);
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  let markers = 0;
  // The registry logs a request just after answering it; a marker request, answered after
  // everything before it, shows in the log once those requests do.
  const settle = async () => {
    const marker = `/v2/berth-log-marker-${++markers}/tags/list`;
    await fetch(`http://127.0.0.1:${port}${marker}`, { headers: { authorization } });
    await new Promise((resolve, reject) => {
      const check = () => {
        if (!log.some((l) => l.includes(marker))) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`docker-registry did not log ${marker}`));
      }, 10_000);
      listeners.add(check);
      check();
    });
  };
  return {
    host: `127.0.0.1:${port}`,
    username,
    password,
    accessLog: async () => {
      await settle();
      return log.filter(
        (l) => / "(?:GET|HEAD|POST|PUT|PATCH|DELETE) \/v2\//.test(l) && !l.includes("/v2/berth-log-marker-"),
      );
    },
    stop: async () => {
      if (alive) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
