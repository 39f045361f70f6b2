import { afterAll, beforeAll } from "vitest";
import type { AwsSettings } from "../../src/aws/settings.js";
import { startMotoServer, type MotoServer } from "../../src/sandbox/moto-server.js";

/**
 * moto_server on a free loopback port, stopped by the test that started it: the sandbox's
 * own starter, which stops moto's whole process group so no test leaves one behind.
 */
export type { MotoServer };
export const startMoto = (): Promise<MotoServer> => startMotoServer();

/** Starts one moto_server for the test file (with dummy credentials) and stops it afterwards. */
export function useMotoServer(): { settings: () => AwsSettings; server: () => MotoServer } {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    useDummyAwsCredentials();
    server = await startMoto();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const started = (): MotoServer => {
    if (!server) throw new Error("moto_server has not started");
    return server;
  };
  return { settings: () => ({ region: "us-east-1", endpoint: started().endpoint }), server: started };
}

/** Dummy credentials: moto accepts any; nothing reaches AWS. */
export function useDummyAwsCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
}
