import { spawn } from "node:child_process";
import { freePort, waitForHttp } from "./free-port.mjs";

/** moto_server on a free loopback port, stopped by the test that started it. */
export interface MotoServer {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  let alive = true;
  child.on("exit", () => (alive = false));
  child.on("error", () => (alive = false));
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForHttp(`${endpoint}/moto-api/`, "moto_server", () => alive);
  return {
    endpoint,
    stop: async () => {
      if (!alive) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Dummy credentials: moto accepts any; nothing reaches AWS. */
export function useDummyAwsCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
}
