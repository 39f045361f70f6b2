import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { deployInfrastructure } from "../../src/deployers/infrastructure/deploy-infrastructure.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import type { SimulatedResource } from "../../src/sandbox/stand-ins.js";
import { useDummyAwsCredentials } from "../helpers/moto-server.js";
import { EXAMPLE_CERTIFICATE } from "../render/helpers.js";

let sandbox: Sandbox;
const simulated = new Map<string, SimulatedResource[]>();

beforeAll(async () => {
  useDummyAwsCredentials();
  sandbox = await startSandbox({ onSimulated: (stack, resources) => simulated.set(stack, resources) });
});
afterAll(async () => {
  await sandbox?.stop();
});

/** The reference app as `berth render` writes it (the built CLI, as a user runs it). */
function rendered(): { environment: string; images: string } {
  const out = mkdtempSync(join(tmpdir(), "berth-render-"));
  const run = spawnSync(
    process.execPath,
    ["bin/berth.js", "render", "-f", "examples/cassandra/berth.yml", "-e", "production", "--out", out],
    {
      encoding: "utf8",
      env: {
        ...process.env,
        CASSANDRA_CERTIFICATE_ARN: EXAMPLE_CERTIFICATE,
      },
    },
  );
  expect(run.status, run.stderr).toBe(0);
  return {
    environment: readFileSync(join(out, "template.yaml"), "utf8"),
    images: readFileSync(join(out, "template.app.yaml"), "utf8"),
  };
}

test("the reference app's rendered stacks are created in the sandbox, then found unchanged", async () => {
  const templates = rendered();
  const port = cloudFormationPort({ region: sandbox.region, endpoint: sandbox.endpoint });
  const options = { confirm: async () => true, pollMs: 20 };
  for (const [stackName, templateBody] of [
    ["cassandra", templates.images],
    ["cassandra-production", templates.environment],
  ] as const) {
    expect(await deployInfrastructure(port, { stackName, templateBody }, options)).toMatchObject({ result: "created" });
    expect(await deployInfrastructure(port, { stackName, templateBody }, options)).toMatchObject({
      result: "unchanged",
    });
  }
  expect(simulated.get("cassandra-production")?.map((r) => r.resourceType)).toContain("AWS::RDS::DBCluster");
  // moto itself leaves a stack created through a change set without outputs; the sandbox recomputes them.
  const cf = new CloudFormationClient({ region: sandbox.region, endpoint: sandbox.endpoint });
  const outputs = (await cf.send(new DescribeStacksCommand({ StackName: "cassandra" }))).Stacks?.[0]?.Outputs ?? [];
  expect(outputs.find((o) => o.OutputKey === "WebRepositoryUri")?.OutputValue).toMatch(/cassandra\/web$/);
});
