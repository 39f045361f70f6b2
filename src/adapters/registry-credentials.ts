// Credentials for a registry other than ECR. From the environment first
// (BERTH_REGISTRY_USERNAME / BERTH_REGISTRY_PASSWORD: the builder is then logged in with
// them), else from what `docker login`, `podman login` or `buildah login` already stored:
// the auth files they write and the credential helpers they name.

import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import type { FoundCredentials, RegistryCredentials } from "../images/image-port.js";

interface AuthFile {
  auths?: Record<string, { auth?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

export function authFilePaths(env: NodeJS.ProcessEnv, home: string = homedir()): string[] {
  return [
    env.REGISTRY_AUTH_FILE,
    env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, "containers", "auth.json") : undefined,
    join(env.XDG_CONFIG_HOME ?? join(home, ".config"), "containers", "auth.json"),
    join(env.DOCKER_CONFIG ?? join(home, ".docker"), "config.json"),
  ].filter((p): p is string => p !== undefined);
}

export async function findCredentials(
  host: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<FoundCredentials | undefined> {
  if (env.BERTH_REGISTRY_USERNAME && env.BERTH_REGISTRY_PASSWORD) {
    return {
      credentials: { username: env.BERTH_REGISTRY_USERNAME, password: env.BERTH_REGISTRY_PASSWORD },
      from: "environment",
    };
  }
  for (const path of authFilePaths(env)) {
    const file = await readAuthFile(path);
    if (!file) continue;
    const fromFile = credentialsIn(file, host);
    if (fromFile) return { credentials: fromFile, from: "builder" };
    const helper = file.credHelpers?.[host] ?? file.credsStore;
    if (helper) {
      const fromHelper = await askHelper(
        helper,
        DOCKER_HUB_NAMES.includes(host) ? "https://index.docker.io/v1/" : host,
      );
      if (fromHelper) return { credentials: fromHelper, from: "builder" };
    }
  }
  return undefined;
}

// Docker Hub is written under several names; `docker login` stores https://index.docker.io/v1/.
const DOCKER_HUB_NAMES = ["docker.io", "index.docker.io", "registry-1.docker.io"];

/** The `auths` entry for a host, keyed by the host or by a URL on it. */
export function credentialsIn(file: AuthFile, host: string): RegistryCredentials | undefined {
  const names = DOCKER_HUB_NAMES.includes(host) ? DOCKER_HUB_NAMES : [host];
  for (const [key, entry] of Object.entries(file.auths ?? {})) {
    const keyHost = key.replace(/^https?:\/\//, "").split("/")[0] ?? "";
    if (!names.includes(keyHost) || !entry.auth) continue;
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return undefined;
}

async function readAuthFile(path: string): Promise<AuthFile | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as AuthFile;
  } catch {
    return undefined;
  }
}

/** docker-credential-<helper> get: the host on stdin, `{ Username, Secret }` on stdout. */
function askHelper(helper: string, host: string): Promise<RegistryCredentials | undefined> {
  return new Promise((resolve) => {
    const child = execFile(`docker-credential-${helper}`, ["get"], { timeout: 10_000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      try {
        const body = JSON.parse(stdout) as { Username?: string; Secret?: string };
        resolve(body.Username && body.Secret ? { username: body.Username, password: body.Secret } : undefined);
      } catch {
        resolve(undefined);
      }
    });
    child.stdin?.end(host);
  });
}
