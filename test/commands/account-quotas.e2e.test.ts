import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudFormationClient, CreateStackCommand, waitUntilStackCreateComplete } from "@aws-sdk/client-cloudformation";
import { beforeAll, describe, expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 30 });
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });
const file = join(mkdtempSync(join(tmpdir(), "berth-quotas-")), "berth.yml");
writeFileSync(
  file,
  `app: fleet\nnetwork: { nat: none }\nservices:\n  worker: { image: "${IMAGE}" }\n` +
    "environments:\n  one: {}\n  two: {}\n  three: {}\n",
);
const deploy = (env: string, extra: Record<string, string> = {}) =>
  berthAsync(["deploy", "-f", file, "-e", env, "--yes"], { ...sandbox().environment, CI: "true", ...extra });

/** Other stacks of the account that hold a VPC each (another team's, another tool's). */
async function vpcStacks(count: number): Promise<void> {
  const client = new CloudFormationClient(aws());
  const template = JSON.stringify({
    Resources: { Vpc: { Type: "AWS::EC2::VPC", Properties: { CidrBlock: "10.9.0.0/16" } } },
  });
  for (let i = 1; i <= count; i++) {
    await client.send(new CreateStackCommand({ StackName: `other-network-${i}`, TemplateBody: template }));
    await waitUntilStackCreateComplete({ client, maxWaitTime: 60, minDelay: 1 }, { StackName: `other-network-${i}` });
  }
}

beforeAll(async () => {
  // With the default VPC, 4 of the Region's 5 VPCs are in use.
  await vpcStacks(3);
});

describe("the account's quotas, before a new environment", () => {
  test("the fifth VPC is created; the sixth is refused at pre-flight, naming the quota, the count and the fix", async () => {
    const first = await deploy("one");
    expect(first.stderr).not.toContain("account quota");
    expect(first.code, first.stderr).toBe(0);

    const second = await deploy("two");
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      "error account quota: VPCs per Region (L-F678F1CE): the environment needs 1 more, and 5 of 5 (AWS's default)" +
        ` are in use in ${sandbox().region}`,
    );
    expect(second.stderr).toContain("fix: put this environment in an existing VPC");
    expect(second.stderr).toContain("ask AWS for more: Service Quotas, vpc L-F678F1CE");
    expect(await cloudFormationPort(aws()).describeStack("fleet-two")).toBeUndefined();
  }, 120_000);

  test("an environment that exists deploys again at the quota: it adds nothing", async () => {
    const again = await deploy("one");
    expect(again.stderr).not.toContain("account quota");
    expect(again.code).toBe(0);
  }, 120_000);

  test("a quota the account raised, declared in BERTH_ACCOUNT_QUOTAS, lets the new environment through", async () => {
    const raised = await deploy("three", { BERTH_ACCOUNT_QUOTAS: "L-F678F1CE=10,L-A4707A72=10" });
    expect(raised.stderr).not.toContain("account quota");
    expect(raised.code).toBe(0);
    expect((await cloudFormationPort(aws()).describeStack("fleet-three"))?.status).toMatch(
      /^(CREATE|UPDATE)_COMPLETE$/,
    );
  }, 120_000);
});
