import { afterAll, beforeAll } from "vitest";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/sandbox.js";
import type { Clock } from "../../src/time/clock.js";
import { useDummyAwsCredentials } from "./moto-server.js";

/** One sandbox for the test file, started before its tests and stopped after them. */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    useDummyAwsCredentials();
    sandbox = await startSandbox(options);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  return () => {
    if (!sandbox) throw new Error("the sandbox has not started");
    return sandbox;
  };
}

/** Waiting moves the sandbox's simulated time, so a release of many minutes runs at once. */
export function simulatedClock(sandbox: () => Sandbox): Clock {
  return { now: () => sandbox().simulator.clock.now(), sleep: async (ms) => sandbox().simulator.clock.advance(ms) };
}
