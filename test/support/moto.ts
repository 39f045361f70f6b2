import { afterAll, beforeAll } from "vitest";
import { startMotoServer, type MotoServer } from "../../src/sandbox/moto-server.js";
import type { AwsSettings } from "../../src/aws/settings.js";

/** Starts one moto_server for the test file and stops it afterwards. */
export function useMotoServer(): { settings: () => AwsSettings; server: () => MotoServer } {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    setDummyCredentials();
    server = await startMotoServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    settings: () => ({ region: "us-east-1", endpoint: started().endpoint }),
    server: started,
  };
  function started(): MotoServer {
    if (!server) throw new Error("moto_server has not started");
    return server;
  }
}

/** moto accepts any credentials; the SDK only needs some to sign with. */
export function setDummyCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = "testing";
  process.env.AWS_SECRET_ACCESS_KEY = "testing";
  delete process.env.AWS_PROFILE;
}
