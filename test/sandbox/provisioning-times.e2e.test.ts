import { CloudFormationClient, CreateChangeSetCommand } from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import type { StackEvent } from "../../src/deployers/infrastructure/cloudformation-port.js";
import { deployInfrastructure } from "../../src/deployers/infrastructure/deploy-infrastructure.js";
import { provisioningSeconds } from "../../src/sandbox/provisioning-durations.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { useDummyAwsCredentials } from "../helpers/moto-server.js";

const SPEED = 15;
let sandbox: Sandbox;

beforeAll(async () => {
  useDummyAwsCredentials();
  sandbox = await startSandbox({ speed: SPEED, provisioningTimes: true, registry: false });
});
afterAll(async () => {
  await sandbox?.stop();
});

// A subnet waits for its VPC; the queue, beside them, is the longer branch of the graph.
const template = [
  "Resources:",
  "  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }",
  "  Subnet: { Type: AWS::EC2::Subnet, Properties: { VpcId: { Ref: Vpc }, CidrBlock: 10.0.0.0/24 } }",
  "  Jobs: { Type: AWS::SQS::Queue }",
].join("\n");
const seconds = (type: string) => provisioningSeconds(type).create;
const modelledMs =
  (Math.max(seconds("AWS::EC2::VPC") + seconds("AWS::EC2::Subnet"), seconds("AWS::SQS::Queue")) * 1000) / SPEED;

test("a new stack stays CREATE_IN_PROGRESS for about its modelled provisioning time, refusing changes, its events coming as they happen", async () => {
  const port = cloudFormationPort({ region: sandbox.region, endpoint: sandbox.endpoint });
  const events: StackEvent[] = [];
  const started = Date.now();
  const deployed = deployInfrastructure(
    port,
    { stackName: "timed", templateBody: template },
    {
      confirm: async () => true,
      pollMs: 100,
      emit: (event) => (event.type === "resource-progress" ? events.push(event.event) : undefined),
    },
  );
  let status: string | undefined;
  while (status !== "CREATE_IN_PROGRESS" && Date.now() - started < 10_000) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    status = (await port.describeStack("timed"))?.status;
  }
  const inProgressSince = Date.now();
  expect(status).toBe("CREATE_IN_PROGRESS");
  const cf = new CloudFormationClient({ region: sandbox.region, endpoint: sandbox.endpoint });
  await expect(
    cf.send(new CreateChangeSetCommand({ StackName: "timed", ChangeSetName: "meanwhile", TemplateBody: template })),
  ).rejects.toThrow("is in CREATE_IN_PROGRESS state and can not be updated");

  expect(await deployed).toMatchObject({ result: "created" });
  const done = Date.now();
  const stackEvent = (status: string) => events.find((e) => e.logicalId === "timed" && e.status === status)!;
  const [begun, ended] = [stackEvent("CREATE_IN_PROGRESS").timestamp, stackEvent("CREATE_COMPLETE").timestamp];
  expect(ended.getTime() - begun.getTime()).toBe(modelledMs);
  // The deploy waited for the modelled end: it saw the stack in progress, and ended after.
  expect(inProgressSince).toBeLessThan(ended.getTime());
  expect(done).toBeGreaterThanOrEqual(ended.getTime());
  expect(done - started).toBeLessThan(modelledMs + 5_000);

  const seen = events.map((e) => `${e.logicalId} ${e.status}`);
  expect(seen.at(-1)).toBe("timed CREATE_COMPLETE");
  expect(seen.indexOf("Vpc CREATE_COMPLETE")).toBeLessThan(seen.indexOf("Subnet CREATE_IN_PROGRESS"));
  expect(seen.indexOf("Subnet CREATE_COMPLETE")).toBeLessThan(seen.indexOf("Jobs CREATE_COMPLETE"));
  // Each event once: moto's own (the stack complete at once) are hidden.
  expect(seen.filter((line) => line === "timed CREATE_COMPLETE")).toHaveLength(1);
});

test("an update is held only for what it changes: a changed queue, not the network", async () => {
  const port = cloudFormationPort({ region: sandbox.region, endpoint: sandbox.endpoint });
  const options = { confirm: async () => true, pollMs: 100 };
  const changed = template.replace(
    "Jobs: { Type: AWS::SQS::Queue }",
    "Jobs: { Type: AWS::SQS::Queue, Properties: { VisibilityTimeout: 60 } }",
  );
  const started = Date.now();
  expect(await deployInfrastructure(port, { stackName: "timed", templateBody: changed }, options)).toMatchObject({
    result: "updated",
  });
  const elapsed = Date.now() - started;
  const queueUpdateMs = (provisioningSeconds("AWS::SQS::Queue").update * 1000) / SPEED;
  expect(elapsed).toBeGreaterThanOrEqual(queueUpdateMs);
  expect(elapsed).toBeLessThan(modelledMs);
});

test("a stack deleted and created again under its name shows the new creation's events alone", async () => {
  const port = cloudFormationPort({ region: sandbox.region, endpoint: sandbox.endpoint });
  const create = () =>
    deployInfrastructure(
      port,
      { stackName: "again", templateBody: "Resources:\n  Jobs: { Type: AWS::SQS::Queue }\n" },
      { confirm: async () => true, pollMs: 100 },
    );
  expect(await create()).toMatchObject({ result: "created" });
  await port.deleteStack("again");
  expect(await port.describeStack("again")).toBeUndefined();
  expect(await create()).toMatchObject({ result: "created" });
  const events = (await port.describeStackEvents("again")).map((e) => `${e.logicalId} ${e.status}`);
  expect(events.filter((line) => line === "again CREATE_COMPLETE")).toHaveLength(1);
});
