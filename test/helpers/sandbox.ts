import { afterAll, beforeAll } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { useDummyAwsCredentials } from "./moto-server.js";

/** One sandbox for the test file, started before its tests and stopped after them. */
export function useSandbox(): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    useDummyAwsCredentials();
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  return () => {
    if (!sandbox) throw new Error("the sandbox has not started");
    return sandbox;
  };
}
