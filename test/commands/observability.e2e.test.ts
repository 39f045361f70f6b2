import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudWatchClient, GetDashboardCommand, ListDashboardsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
import { afterAll, describe, expect, test } from "vitest";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import { berthAsync } from "../helpers/berth-cli.js";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";

// The environment's dashboard as a deploy leaves it in the sandbox (moto models
// AWS::CloudWatch::Dashboard): it exists, names the real target groups, follows the
// manifest's services from one deploy to the next, and `berth status` prints its address.
// And traces: an environment with the collector beside each service deploys and releases.

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const BASE = `app: gauge\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {} }\n`;
const WITH_WORKER = `${BASE}  worker: { image: "${IMAGE}", queue: jobs }\nqueues: { jobs: {} }\n`;
const sandbox = useSandbox();
const dir = mkdtempSync(join(tmpdir(), "berth-dashboard-"));
const file = join(dir, "berth.yml");
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function deploy(text: string) {
  writeFileSync(file, text);
  const m = manifestOf(text);
  const ports = awsEnvironmentPorts(awsImageRequest(m, aws(), { manifestDir: dir }), () => {});
  const options = { confirm: async () => true, clock: simulatedClock(sandbox), pollMs: 1, releasePollMs: 5_000 };
  const outcome = await deployEnvironment(m, ports, options);
  expect(outcome.ok, JSON.stringify(outcome.stacks)).toBe(true);
  return outcome;
}

async function titles(): Promise<{ titles: string[]; body: string }> {
  const cloudWatch = new CloudWatchClient(aws());
  const got = await cloudWatch.send(new GetDashboardCommand({ DashboardName: "gauge-default" }));
  const body = got.DashboardBody ?? "{}";
  type Widget = { properties: { title?: string; markdown?: string } };
  const widgets = (JSON.parse(body) as { widgets: Widget[] }).widgets;
  // A text widget (a note where a graph needs Container Insights) has its heading in bold.
  return { titles: widgets.map((w) => w.properties.title ?? w.properties.markdown!.split("**")[1]!), body };
}

describe("the environment's dashboard in the sandbox", () => {
  test("a deploy creates it after the service stacks, with the target groups' real names", async () => {
    const outcome = await deploy(BASE);
    expect(outcome.stacks.map((s) => [s.stackName, s.result]).at(-1)).toEqual(["gauge-default--dashboard", "created"]);
    const { titles: shown, body } = await titles();
    expect(shown).toContain("web: requests");
    expect(body).toMatch(/"TargetGroup","targetgroup\/[^/"]+\/[0-9a-f]+"/);
    expect(body).toMatch(/"LoadBalancer","app\/[^/"]+\/[0-9a-f]+"/);
    expect(body).toContain(`"region":"${sandbox().region}"`);
  }, 120_000);

  test("a service added is on it after the next deploy, and one removed leaves it", async () => {
    await deploy(WITH_WORKER);
    expect((await titles()).titles).toContain("worker: queue jobs");
    await deploy(BASE);
    expect((await titles()).titles.filter((t) => t.startsWith("worker:"))).toEqual([]);
  }, 120_000);

  test("a deploy with nothing changed leaves its stack alone", async () => {
    const outcome = await deploy(BASE);
    expect(outcome.stacks.find((s) => s.stackName === "gauge-default--dashboard")?.result).toBe("unchanged");
  }, 120_000);

  test("berth status prints its console address", async () => {
    const status = await berthAsync(["status", "-f", file], { ...sandbox().environment, CI: "true" });
    const region = sandbox().region;
    expect(status.stdout).toContain(
      `dashboard: https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/gauge-default`,
    );
    const listed = await new CloudWatchClient(aws()).send(new ListDashboardsCommand({}));
    expect(listed.DashboardEntries?.map((d) => d.DashboardName)).toEqual(["gauge-default"]);
  }, 60_000);
});

describe("traces in the sandbox", () => {
  test("services with the collector beside them release blue/green and rolling, its container not essential", async () => {
    const text = `app: trace\nobservability: { traces: true }\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {}, cpu: 512, memory: 1024 }\n  worker: { image: "${IMAGE}", cpu: 512, memory: 1024 }\n`;
    const outcome = await deploy(text);
    expect(outcome.releases?.map((r) => [r.service, r.result])).toEqual([
      ["web", "released"],
      ["worker", "released"],
    ]);
    const ecs = new ECSClient(aws());
    const services = await ecs.send(new DescribeServicesCommand({ cluster: "trace-default", services: ["web"] }));
    const taskDefinition = services.services?.[0]?.taskDefinition;
    const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }));
    const containers = described.taskDefinition?.containerDefinitions ?? [];
    expect(containers.map((c) => [c.name, c.essential])).toEqual([
      ["web", true],
      ["otel-collector", false],
    ]);
    const attributes = containers[0]?.environment?.find((e) => e.name === "OTEL_RESOURCE_ATTRIBUTES")?.value;
    expect(attributes).toMatch(/deployment\.environment=default,service\.version=\S+$/);
  }, 120_000);
});
