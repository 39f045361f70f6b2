import {
  ContinueServiceDeploymentCommand,
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { readFileSync } from "node:fs";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import {
  DescribeRulesCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { deployInfrastructure } from "../../src/deployers/infrastructure/deploy-infrastructure.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sandboxFault } from "../../src/sandbox/faults.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { UserError } from "../../src/exit-codes.js";
import { useDummyAwsCredentials } from "../helpers/moto-server.js";

const BLUE = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/0123456789abcdef";
const GREEN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-green/fedcba9876543210";
let sandbox: Sandbox;
let ecs: ECSClient;

beforeAll(async () => {
  useDummyAwsCredentials();
  sandbox = await startSandbox();
  ecs = new ECSClient({ region: sandbox.region, endpoint: sandbox.endpoint });
  await ecs.send(new CreateClusterCommand({ clusterName: "app" }));
  for (const revision of ["1", "2"]) {
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: "web",
        containerDefinitions: [{ name: "web", image: `web:${revision}`, memory: 512 }],
      }),
    );
  }
});
afterAll(async () => {
  await sandbox?.stop();
});

async function latestDeployment() {
  const listed = await ecs.send(new ListServiceDeploymentsCommand({ cluster: "app", service: "web" }));
  const arn = listed.serviceDeployments?.[0]?.serviceDeploymentArn ?? "";
  return (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })))
    .serviceDeployments?.[0];
}

describe("simulated ECS deployments through the sandbox", () => {
  test("a blue/green release made with the real SDK pauses at its hook, continues and succeeds", async () => {
    await ecs.send(
      new CreateServiceCommand({
        cluster: "app",
        serviceName: "web",
        taskDefinition: "web:1",
        desiredCount: 2,
        loadBalancers: [
          {
            targetGroupArn: BLUE,
            containerName: "web",
            containerPort: 8000,
            advancedConfiguration: {
              alternateTargetGroupArn: GREEN,
              productionListenerRule: "rule/prod",
              roleArn: "arn:aws:iam::123456789012:role/ecs-infra",
            },
          },
        ],
        deploymentConfiguration: {
          strategy: "BLUE_GREEN",
          bakeTimeInMinutes: 1,
          lifecycleHooks: [{ targetType: "PAUSE", lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"] }],
        },
      }),
    );
    sandbox.simulator.clock.advance(60_000);
    await ecs.send(new UpdateServiceCommand({ cluster: "app", service: "web", taskDefinition: "web:2" }));
    sandbox.simulator.clock.advance(120_000);
    const paused = await latestDeployment();
    expect(paused).toMatchObject({ status: "IN_PROGRESS", lifecycleStage: "POST_TEST_TRAFFIC_SHIFT" });
    expect(paused?.startedAt).toBeInstanceOf(Date);
    const hookId = paused?.lifecycleHookDetails?.[0]?.hookId ?? "";
    await ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: paused?.serviceDeploymentArn ?? "",
        hookId,
        action: "CONTINUE",
      }),
    );
    sandbox.simulator.clock.advance(10 * 60_000);
    expect((await latestDeployment())?.status).toBe("SUCCESSFUL");
  });

  test("target health of a simulated target group comes from the simulator in ELBv2's shape", async () => {
    const elb = new ElasticLoadBalancingV2Client({ region: sandbox.region, endpoint: sandbox.endpoint });
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: GREEN }));
    expect(health.TargetHealthDescriptions?.map((d) => d.TargetHealth?.State)).toEqual(["healthy", "healthy"]);
    expect(health.TargetHealthDescriptions?.[0]?.Target?.Port).toBe(8000);
  });

  test("the tasks of a simulated service are listed and described through ECS", async () => {
    const running = await ecs.send(new ListTasksCommand({ cluster: "app", serviceName: "web" }));
    expect(running.taskArns).toHaveLength(2);
    const described = await ecs.send(new DescribeTasksCommand({ cluster: "app", tasks: running.taskArns ?? [] }));
    expect(described.tasks?.map((t) => [t.lastStatus, t.taskDefinitionArn])).toEqual([
      ["RUNNING", "web:2"],
      ["RUNNING", "web:2"],
    ]);
  });

  test("a service created again after DeleteService starts with a deployment of its own, not the deleted service's", async () => {
    await ecs.send(new DeleteServiceCommand({ cluster: "app", service: "web", force: true }));
    await ecs.send(
      new CreateServiceCommand({ cluster: "app", serviceName: "web", taskDefinition: "web:2", desiredCount: 1 }),
    );
    const listed = await ecs.send(new ListServiceDeploymentsCommand({ cluster: "app", service: "web" }));
    expect(listed.serviceDeployments?.map((d) => d.targetServiceRevisionArn)).toHaveLength(1);
    sandbox.simulator.clock.advance(60_000);
    expect((await latestDeployment())?.status).toBe("SUCCESSFUL");
  });

  test("a service-deployment call for a service the simulator does not know gets ECS's error", async () => {
    await expect(
      ecs.send(new ListServiceDeploymentsCommand({ cluster: "app", service: "missing" })),
    ).rejects.toMatchObject({ name: "ServiceNotFoundException" });
  });

  test("BERTH_SANDBOX_FAIL names the fault of new releases, and an unknown value is a usage error", () => {
    expect(["health", "crash", "smoke", "alarm"].map((name) => sandboxFault(name)?.options.newTaskFault)).toEqual([
      "unhealthy",
      "crash",
      "smoke",
      "alarm",
    ]);
    expect(sandboxFault("throttle")?.options.throttleShare).toBeGreaterThan(0);
    expect(sandboxFault(undefined)).toBeUndefined();
    expect(() => sandboxFault("flaky")).toThrow(UserError);
  });

  test("after a simulated release, reading the listener rule through ELBv2 shows the traffic on green", async () => {
    const port = cloudFormationPort({ region: sandbox.region, endpoint: sandbox.endpoint });
    const templateBody = readFileSync(new URL("../fixtures/templates/alb-blue-green.yml", import.meta.url), "utf8");
    expect(
      await deployInfrastructure(port, { stackName: "alb", templateBody }, { confirm: async () => true, pollMs: 10 }),
    ).toMatchObject({ result: "created" });
    const cf = new CloudFormationClient({ region: sandbox.region, endpoint: sandbox.endpoint });
    const outputs = Object.fromEntries(
      ((await cf.send(new DescribeStacksCommand({ StackName: "alb" }))).Stacks?.[0]?.Outputs ?? []).map((o) => [
        o.OutputKey,
        o.OutputValue ?? "",
      ]),
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster: "app",
        serviceName: "api",
        taskDefinition: "web:1",
        desiredCount: 1,
        loadBalancers: [
          {
            targetGroupArn: outputs.Blue,
            containerName: "web",
            containerPort: 8000,
            advancedConfiguration: {
              alternateTargetGroupArn: outputs.Green ?? "",
              productionListenerRule: outputs.Production,
              roleArn: "arn:aws:iam::123456789012:role/ecs-infra",
            },
          },
        ],
        deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: 0 },
      }),
    );
    sandbox.simulator.clock.advance(60_000);
    await ecs.send(new UpdateServiceCommand({ cluster: "app", service: "api", taskDefinition: "web:2" }));
    sandbox.simulator.clock.advance(10 * 60_000);
    const elb = new ElasticLoadBalancingV2Client({ region: sandbox.region, endpoint: sandbox.endpoint });
    const rule = (await elb.send(new DescribeRulesCommand({ RuleArns: [outputs.Production ?? ""] }))).Rules?.[0];
    const weights = Object.fromEntries(
      (rule?.Actions?.[0]?.ForwardConfig?.TargetGroups ?? []).map((t) => [t.TargetGroupArn, t.Weight]),
    );
    expect(weights).toEqual({ [outputs.Blue ?? ""]: 0, [outputs.Green ?? ""]: 100 });
  });
});
