import { ECRClient, GetAuthorizationTokenCommand } from "@aws-sdk/client-ecr";
import { describe, expect, test } from "vitest";
import { startSandboxRegistry } from "../../src/sandbox/sandbox-registry.js";
import { reportSandboxStarted } from "../../src/ui/sandbox.js";
import { useSandbox } from "../helpers/sandbox.js";

describe("the sandbox's container registry", () => {
  test("without docker-registry installed the sandbox starts without one", async () => {
    expect(await startSandboxRegistry({ command: "berth-no-such-registry" })).toBeUndefined();
  });

  test("without a registry the sandbox says how to install one and that prebuilt images still work", () => {
    const notes: string[] = [];
    const out = {
      json: false,
      github: false,
      color: false,
      note: (line: string) => void notes.push(line),
      line: () => {},
    };
    reportSandboxStarted({ endpoint: "http://127.0.0.1:1", region: "us-east-1", environment: {}, speed: 1 }, out);
    expect(notes.join("\n")).toMatch(
      /no container registry.*prebuilt image: references still work.*apt-get install docker-registry/,
    );
  });

  test("a started registry answers the distribution API on loopback and is gone after stop", async () => {
    const registry = await startSandboxRegistry();
    expect(registry?.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect((await fetch(`http://${registry!.host}/v2/`)).status).toBe(200);
    await registry!.stop();
    await expect(fetch(`http://${registry!.host}/v2/`)).rejects.toThrow();
  });
});

describe("a sandbox without a registry", () => {
  const sandbox = useSandbox({ registry: { command: "berth-no-such-registry" } });

  test("ECR's login says there is no registry and how to install one", async () => {
    const ecr = new ECRClient({ region: sandbox().region, endpoint: sandbox().endpoint, maxAttempts: 1 });
    expect(sandbox().registry).toBeUndefined();
    await expect(ecr.send(new GetAuthorizationTokenCommand({}))).rejects.toThrow(
      /no container registry to push to; install one \(apt-get install docker-registry/,
    );
  });
});
