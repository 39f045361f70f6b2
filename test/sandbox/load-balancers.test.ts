import { request } from "node:http";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { deployInfrastructure } from "../../src/deployers/infrastructure/deploy-infrastructure.js";
import { serviceStackName, stackName } from "../../src/manifest/names.js";
import { parametersOf } from "../../src/deployers/stack-step.js";
import { toYaml } from "../../src/render/template-yaml.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { useDummyAwsCredentials } from "../helpers/moto-server.js";
import { render } from "../render/helpers.js";

let sandbox: Sandbox;

beforeAll(async () => {
  useDummyAwsCredentials();
  sandbox = await startSandbox({ registry: false });
});
afterAll(async () => {
  await sandbox?.stop();
});

const MANIFEST = `app: shop
services:
  web: { image: nginx:1, port: 80, http: { path: /web } }
  api: { image: nginx:1, port: 8080, http: { path: /v1, loadBalancer: public-api } }
`;

function get(address: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const [host, port] = address.split(":");
    const req = request({ host, port: Number(port), path, agent: false }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * The deploy of service stacks lands with the stack-per-service deploy; this creates the
 * rendered stacks as that deploy will (the environment first, each service stack with the
 * environment's outputs as parameters) and asks each load balancer's address.
 */
test("two load balancers in one environment each answer on their own address with their own services' rules", async () => {
  const rendered = render(MANIFEST);
  const port = cloudFormationPort({ region: sandbox.region, endpoint: sandbox.endpoint });
  const options = { confirm: async () => true, pollMs: 10 };
  const environment = stackName("shop", "default");
  const create = async (name: string, template: typeof rendered.template, parameters?: Record<string, string>) =>
    expect(
      await deployInfrastructure(
        port,
        { stackName: name, templateBody: toYaml(template), ...(parameters ? { parameters } : {}) },
        options,
      ),
    ).toMatchObject({ result: "created" });
  await create(environment, rendered.template);
  const cf = new CloudFormationClient({ region: sandbox.region, endpoint: sandbox.endpoint });
  const outputsOf = async (name: string) =>
    Object.fromEntries(
      ((await cf.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.Outputs ?? []).map((o) => [
        o.OutputKey ?? "",
        o.OutputValue ?? "",
      ]),
    );
  const environmentOutputs = await outputsOf(environment);
  // moto leaves `{{resolve:secretsmanager:ARN}}` unresolved, and a stand-in secret's ARN makes
  // the test rule's header value longer than ELB's 128 characters (AWS resolves it first): the
  // secret is passed by a short name here. The sandbox's load balancer matches any reference.
  for (const [service, template] of Object.entries(rendered.services))
    await create(serviceStackName("shop", "default", service), template, {
      ...parametersOf(template, environmentOutputs).parameters,
      TestHeaderSecret: "shop-default-test",
    });

  const outputs = await outputsOf(environment);
  const main = outputs.LoadBalancerDns ?? "";
  const api = outputs.PublicApiLoadBalancerDns ?? "";
  expect(main).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(api).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(api).not.toBe(main);
  // Each answers its own services' paths (no task runs yet, so a matched rule has no healthy
  // target) and the other load balancer's with its default action.
  expect(await get(main, "/web")).toMatchObject({ status: 503, body: expect.stringContaining("no healthy target") });
  expect(await get(main, "/v1")).toEqual({ status: 404, body: "no service here" });
  expect(await get(api, "/v1")).toMatchObject({ status: 503, body: expect.stringContaining("no healthy target") });
  expect(await get(api, "/web")).toEqual({ status: 404, body: "no service here" });
}, 60_000);
