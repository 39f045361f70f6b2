import { readdirSync, readFileSync } from "node:fs";
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from "@aws-sdk/client-cloudformation";
import { CreateClusterCommand, ECSClient, ListClustersCommand } from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { deployInfrastructure } from "../../src/deployers/infrastructure/deploy-infrastructure.js";
import { UserError } from "../../src/exit-codes.js";
import { startMotoServer } from "../../src/sandbox/moto-server.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import type { SimulatedResource } from "../../src/sandbox/stand-ins.js";
import { UNMODELLED_TYPES } from "../../src/sandbox/unmodelled-types.js";
import { useDummyAwsCredentials } from "../helpers/moto-server.js";

const fixture = readFileSync(new URL("../fixtures/templates/unsupported-by-moto.yml", import.meta.url), "utf8");
let sandbox: Sandbox;
const reported: [string, SimulatedResource[]][] = [];

beforeAll(async () => {
  useDummyAwsCredentials();
  sandbox = await startSandbox({ onSimulated: (stack, simulated) => reported.push([stack, simulated]) });
});
afterAll(async () => {
  await sandbox?.stop();
});

const client = <T>(Client: new (config: object) => T, endpoint = sandbox.endpoint) =>
  new Client({ region: sandbox.region, endpoint });

/** Processes whose command line mentions this moto port: none may outlive stop(). */
function processesOnPort(port: string): string[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
        return cmdline.includes("moto_server") && cmdline.includes(`-p ${port}`) ? [pid] : [];
      } catch {
        return [];
      }
    });
}

describe("the sandbox", () => {
  test("a stack with resources moto does not model is created, with its outputs, and what is simulated is reported", async () => {
    const cf = client(CloudFormationClient);
    await cf.send(new CreateStackCommand({ StackName: "shop", TemplateBody: fixture }));
    const stack = (await cf.send(new DescribeStacksCommand({ StackName: "shop" }))).Stacks?.[0];
    expect(stack?.StackStatus).toBe("CREATE_COMPLETE");
    const outputs = Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs.DbEndpoint).toBe("shop-db.cluster-sandbox.us-east-1.rds.amazonaws.com");
    expect(outputs.QueueUrl).toMatch(/^https?:\/\/.*shop-Jobs/);
    // moto holds an SSM parameter; through the sandbox it reads as the type it stands for.
    const typeOfDb = async (client: CloudFormationClient) =>
      ((await client.send(new ListStackResourcesCommand({ StackName: "shop" }))).StackResourceSummaries ?? []).find(
        (r) => r.LogicalResourceId === "Db",
      )?.ResourceType;
    expect(await typeOfDb(client(CloudFormationClient, sandbox.motoEndpoint))).toBe("AWS::SSM::Parameter");
    expect(await typeOfDb(cf)).toBe("AWS::RDS::DBCluster");
    expect(reported.find(([name]) => name === "shop")?.[1].map((r) => r.logicalId)).toContain("Db");
  });

  test("the infrastructure deployer creates and then leaves unchanged a stack through the sandbox", async () => {
    const port = cloudFormationPort({ region: sandbox.region, endpoint: sandbox.endpoint });
    const request = { stackName: "shop-deployed", templateBody: fixture };
    const options = { confirm: async () => true, pollMs: 10 };
    expect(await deployInfrastructure(port, request, options)).toMatchObject({ result: "created" });
    expect(await deployInfrastructure(port, request, options)).toMatchObject({ result: "unchanged" });
  });

  test("removing a stood-in Aurora cluster is seen as data loss, with the cluster's own type", async () => {
    const port = cloudFormationPort({ region: sandbox.region, endpoint: sandbox.endpoint });
    const withDb =
      "Resources:\n  Db:\n    Type: AWS::RDS::DBCluster\n    Properties: { Engine: aurora-postgresql }\n  Jobs:\n    Type: AWS::SQS::Queue\n";
    const withoutDb = "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n";
    expect(
      await deployInfrastructure(
        port,
        { stackName: "db-removal", templateBody: withDb },
        { confirm: async () => true, pollMs: 10 },
      ),
    ).toMatchObject({ result: "created" });
    const outcome = await deployInfrastructure(
      port,
      { stackName: "db-removal", templateBody: withoutDb },
      { confirm: async () => false, pollMs: 10 },
    );
    expect(outcome).toMatchObject({
      result: "declined",
      summary: { risky: [{ logicalId: "Db", resourceType: "AWS::RDS::DBCluster", effect: "removed" }] },
    });
  });

  test("a file system whose policy changes keeps its id and the outputs naming it (a service starts mounting a volume)", async () => {
    const port = cloudFormationPort({ region: sandbox.region, endpoint: sandbox.endpoint });
    const withPolicy = (sid: string) =>
      [
        "Resources:",
        "  Media:",
        "    Type: AWS::EFS::FileSystem",
        "    Properties:",
        "      Encrypted: true",
        `      FileSystemPolicy: { Version: "2012-10-17", Statement: [{ Sid: ${sid}, Effect: Deny, Principal: { AWS: "*" }, Action: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] }`,
        "Outputs:",
        "  MediaId: { Value: { Ref: Media } }",
      ].join("\n");
    const options = { confirm: async () => true, pollMs: 10 };
    const request = (sid: string) => ({ stackName: "volume-policy", templateBody: withPolicy(sid) });
    expect(await deployInfrastructure(port, request("TlsOnly"), options)).toMatchObject({ result: "created" });
    const before = (await port.describeStack("volume-policy"))?.outputs?.MediaId;
    expect(before).toMatch(/^fs-/);
    expect(await deployInfrastructure(port, request("TlsOnlyToo"), options)).toMatchObject({ result: "updated" });
    expect((await port.describeStack("volume-policy"))?.outputs?.MediaId).toBe(before);
  });

  test("JSON-protocol calls such as ECS's pass through to moto unchanged", async () => {
    const ecs = client(ECSClient);
    await ecs.send(new CreateClusterCommand({ clusterName: "sandbox-cluster" }));
    const listed = await ecs.send(new ListClustersCommand({}));
    expect(listed.clusterArns?.some((arn) => arn.endsWith("/sandbox-cluster"))).toBe(true);
  });

  test("the environment to export points at the proxy with dummy credentials", () => {
    expect(sandbox.environment).toEqual({
      AWS_ENDPOINT_URL: sandbox.endpoint,
      AWS_REGION: "us-east-1",
      AWS_DEFAULT_REGION: "us-east-1", // AWS CLI v1 reads only this one
      AWS_ACCESS_KEY_ID: "sandbox",
      AWS_SECRET_ACCESS_KEY: "sandbox",
    });
  });

  // Pins the measurement behind UNMODELLED_TYPES: when moto learns a type, this fails and the type leaves the list.
  test.each([...UNMODELLED_TYPES])("moto itself does not create %s from a template", async (type) => {
    const cf = client(CloudFormationClient, sandbox.motoEndpoint);
    const stackName = `probe-${type.replace(/::/g, "-")}`;
    await cf.send(
      new CreateStackCommand({
        StackName: stackName,
        TemplateBody: JSON.stringify({
          Resources: { R: { Type: type, Properties: {} } },
          Outputs: { R: { Value: { Ref: "R" } } },
        }),
      }),
    );
    const stack = (await cf.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
    expect(stack?.Outputs ?? []).toEqual([]);
  });
});

describe("starting and stopping moto", () => {
  test("stop leaves no moto process behind", async () => {
    const moto = await startMotoServer();
    const port = String(moto.port);
    expect(processesOnPort(port).length).toBeGreaterThan(0);
    await moto.stop();
    expect(processesOnPort(port)).toEqual([]);
  });

  test("stopping the sandbox stops moto and closes the proxy", async () => {
    const other = await startSandbox();
    const motoPort = new URL(other.motoEndpoint).port;
    await other.stop();
    expect(processesOnPort(motoPort)).toEqual([]);
    await expect(fetch(other.endpoint)).rejects.toThrow();
  });

  test("a missing moto_server is reported with how to install it", async () => {
    const attempt = startMotoServer({ command: "/nonexistent/moto_server" });
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toMatchObject({ hint: expect.stringContaining("pip install 'moto[server]==") });
  });
});
