import { ContinueServiceDeploymentCommand, CreateServiceCommand, DescribeServiceDeploymentsCommand, ECSClient, ListServiceDeploymentsCommand, RegisterTaskDefinitionCommand, UpdateServiceCommand, type CreateServiceRequest, type RegisterTaskDefinitionRequest } from "@aws-sdk/client-ecs";
import { DescribeRulesCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { describe, expect, test } from "vitest";
import { awsEnvironmentPorts } from "../../src/aws/environment-ports.js";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import type { Manifest } from "../../src/manifest/types.js";
import { renderApplication } from "../../src/render/render.js";
import { resolvePlaceholders } from "../../src/render/resolve-placeholders.js";
import { instantClock } from "../../src/time/clock.js";
import { useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";

const IMAGE = "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const manifestText = (interval: number) => `app: shop\nservices:\n  web: { image: "${IMAGE}", port: 80, http: { healthcheck: { interval: ${interval} } } }\n`;

const sandboxNow = useSandbox();
const aws = () => ({ region: sandboxNow().region, endpoint: sandboxNow().endpoint });

function deploy(m: Manifest, execute = true) {
  const ports = awsEnvironmentPorts({ manifest: m, manifestDir: ".", aws: aws() }, () => {});
  return deployEnvironment(m, ports, { execute, confirm: async () => true, clock: instantClock(), pollMs: 1 });
}

async function outputs(): Promise<Record<string, string>> {
  return (await cloudFormationPort(aws()).describeStack("shop-default"))?.outputs ?? {};
}

function resolved<T>(definition: T, values: Record<string, string>, taskDefinition?: string): T {
  const result = resolvePlaceholders(definition, { outputs: values, images: { web: IMAGE }, region: sandboxNow().region, account: "123456789012", partition: "aws", ...(taskDefinition ? { taskDefinition } : {}) });
  if (!result.ok) throw new Error(`unresolved: ${result.missing.join(", ")}`);
  return result.value;
}

describe("deploying an environment", () => {
  test("creates the stack, then a second deploy with nothing changed does no infrastructure work", async () => {
    const m = manifestOf(manifestText(5));
    const first = await deploy(m);
    expect(first).toMatchObject({ ok: true, images: { web: IMAGE } });
    expect(first.stacks.map((s) => s.result)).toEqual(["created"]);
    expect((await deploy(m)).stacks.map((s) => s.result)).toEqual(["unchanged"]);
  });

  test("diff shows an update without making it", async () => {
    const planned = await deploy(manifestOf(manifestText(7)), false);
    expect(planned.stacks[0]).toMatchObject({ result: "planned", summary: { modified: expect.arrayContaining([expect.objectContaining({ logicalId: "WebTargetGroupA" })]) } });
    expect(planned.images).toBeUndefined();
    expect((await deploy(manifestOf(manifestText(5)), false)).stacks.map((s) => s.result)).toEqual(["unchanged"]);
  });

  test("an infrastructure update after a blue/green release keeps production on the new target group", async () => {
    const m = manifestOf(manifestText(5));
    const live = await outputs();
    const rendered = renderApplication(m);
    if (!rendered.ok) throw new Error("render failed");
    const ecs = new ECSClient(aws());
    const register = async (definition: RegisterTaskDefinitionRequest) => (await ecs.send(new RegisterTaskDefinitionCommand(definition))).taskDefinition?.taskDefinitionArn ?? "";
    const taskDefinition = resolved(rendered.rendered.taskDefinitions.web!, live);
    const first = await register(taskDefinition);
    const { scaling: _scaling, ...service } = resolved(rendered.rendered.serviceDefinitions.web!, live, first);
    await ecs.send(new CreateServiceCommand(service as CreateServiceRequest));
    sandboxNow().simulator.clock.advance(2 * 60_000);

    // A release: ECS moves production to target group B, pausing at the hook berth renders.
    const second = await register({ ...taskDefinition, containerDefinitions: taskDefinition.containerDefinitions!.map((c) => ({ ...c, environment: [...(c.environment ?? []), { name: "RELEASE", value: "2" }] })) });
    await ecs.send(new UpdateServiceCommand({ cluster: live.ClusterName, service: "web", taskDefinition: second }));
    sandboxNow().simulator.clock.advance(3 * 60_000);
    const listed = await ecs.send(new ListServiceDeploymentsCommand({ cluster: live.ClusterName, service: "web" }));
    const deploymentArn = listed.serviceDeployments?.[0]?.serviceDeploymentArn ?? "";
    const paused = (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [deploymentArn] }))).serviceDeployments?.[0];
    expect(paused?.lifecycleStage).toBe("POST_TEST_TRAFFIC_SHIFT");
    await ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: deploymentArn, hookId: paused?.lifecycleHookDetails?.[0]?.hookId ?? "" }));
    sandboxNow().simulator.clock.advance(10 * 60_000);

    const elb = new ElasticLoadBalancingV2Client(aws());
    const weights = async () => {
      const rule = (await elb.send(new DescribeRulesCommand({ RuleArns: [live.WebListenerRule!] }))).Rules?.[0];
      return Object.fromEntries((rule?.Actions?.[0]?.ForwardConfig?.TargetGroups ?? []).map((t) => [t.TargetGroupArn === live.WebTargetGroupA ? "a" : "b", t.Weight]));
    };
    expect(await weights()).toEqual({ a: 0, b: 100 });

    // Now an infrastructure change: the stack is updated, and production stays on B.
    const update = await deploy(manifestOf(manifestText(10)));
    expect(update.stacks.map((s) => s.result)).toEqual(["updated"]);
    expect(await weights()).toEqual({ a: 0, b: 100 });
  });
});

describe("diff of an environment that does not exist yet", () => {
  test("lists the whole template as additions and leaves no stack behind", async () => {
    const m = manifestOf(`app: fresh\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {} }\n`);
    const planned = await deploy(m, false);
    expect(planned.stacks[0]).toMatchObject({ result: "planned", stackName: "fresh-default", summary: { added: expect.arrayContaining([expect.objectContaining({ logicalId: "WebListenerRule" })]) } });
    expect(await cloudFormationPort(aws()).describeStack("fresh-default")).toBeUndefined();
  });
});
