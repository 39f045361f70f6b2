import { expect, test } from "vitest";
import { parse } from "yaml";
import { loadManifestText } from "../../src/manifest/load.js";
import { prepare } from "../../src/deployers/release/prepare-release.js";
import { COLLECTOR_IMAGE } from "../../src/render/collector.js";
import { resolvePlaceholders } from "../../src/render/resolve-placeholders.js";
import { render, resource } from "./helpers.js";

const SHOP = `app: shop
services:
  web: { image: nginx:1, port: 80, http: {}, cpu: 512, memory: 1024 }
  worker: { image: nginx:1, cpu: 512, memory: 1024 }
environments:
  staging: {}
  production: { observability: { traces: true } }
`;

type Container = {
  name: string;
  essential: boolean;
  cpu?: number;
  memory?: number;
  image: string;
  environment: { name: string; value: string }[];
};
type Statement = { Sid: string; Action: string | string[]; Resource: unknown };

const containers = (env: string, service = "web") =>
  render(SHOP, { env }).taskDefinitions[service]!.containerDefinitions as Container[];
const statements = (env: string) => {
  const role = resource(render(SHOP, { env }), "WebTaskRole").Properties as {
    Policies?: { PolicyDocument: { Statement: Statement[] } }[];
  };
  return (role.Policies ?? []).flatMap((p) => p.PolicyDocument.Statement);
};
const env = (c: Container) => Object.fromEntries(c.environment.map((e) => [e.name, e.value]));

test("without traces a task has its application's container alone, and its role no X-Ray or logs writes", () => {
  expect(containers("staging").map((c) => c.name)).toEqual(["web"]);
  expect(statements("staging").map((s) => s.Sid)).toEqual([]);
  expect(Object.keys(env(containers("staging")[0]!)).filter((k) => k.startsWith("OTEL_"))).toEqual([]);
});

test("with traces each service gets the pinned collector beside it, not essential, sized inside the task", () => {
  for (const service of ["web", "worker"]) {
    const [app, collector] = containers("production", service);
    expect(app).toMatchObject({ name: service, essential: true });
    expect(collector).toMatchObject({
      name: "otel-collector",
      image: COLLECTOR_IMAGE,
      essential: false,
      cpu: 128,
      memory: 256,
    });
    expect(COLLECTOR_IMAGE).toMatch(/:v\d+\.\d+\.\d+$/);
  }
  // The load balancer (and so the health checks blue/green waits on) targets the application's container.
  const definition = render(SHOP, { env: "production" }).serviceDefinitions.web!;
  expect(definition.loadBalancers?.map((lb) => lb.containerName)).toEqual(["web"]);
});

test("the collector receives OTLP on the task's loopback only and exports traces to X-Ray, metrics to the service's log group", () => {
  const collector = containers("production")[1]!;
  const config = parse(env(collector).AOT_CONFIG_CONTENT!) as {
    receivers: { otlp: { protocols: Record<string, { endpoint: string }> } };
    exporters: { awsemf: { log_group_name: string } };
    service: { pipelines: Record<string, { exporters: string[] }> };
  };
  expect(Object.values(config.receivers.otlp.protocols).map((p) => p.endpoint)).toEqual([
    "127.0.0.1:4317",
    "127.0.0.1:4318",
  ]);
  expect(config.service.pipelines.traces!.exporters).toEqual(["awsxray"]);
  expect(config.service.pipelines.metrics!.exporters).toEqual(["awsemf"]);
  expect(config.exporters.awsemf.log_group_name).toBe("/berth/shop/production/web");
});

test("the application's container says where the collector is and who speaks: service, environment, the release's version", () => {
  const vars = env(containers("production")[0]!);
  expect(vars).toMatchObject({
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
    OTEL_SERVICE_NAME: "web",
    OTEL_RESOURCE_ATTRIBUTES:
      "service.name=web,service.namespace=shop,deployment.environment=production,service.version={{version}}",
  });
  const values = { outputs: {}, images: {}, region: "eu-west-1", account: "1", partition: "aws", version: "v1.4.2" };
  const resolved = resolvePlaceholders({ vars }, values);
  expect(resolved.ok && resolved.value.vars.OTEL_RESOURCE_ATTRIBUTES).toContain("service.version=v1.4.2");
});

test("the task role may write traces and the service's own log group, nothing more", () => {
  expect(statements("production")).toEqual([
    {
      Sid: "SendTraces",
      Effect: "Allow",
      Action: [
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
      ],
      Resource: "*",
    },
    {
      Sid: "SendMetrics",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: { "Fn::GetAtt": ["WebLogGroup", "Arn"] },
    },
  ]);
});

test("a new version alone does not make a service's release differ: its fingerprint leaves the version out", () => {
  const rendered = render(SHOP, { env: "production" });
  const m = loadManifestText(SHOP, "berth.yml", { env: "production" });
  if (!m.ok) throw new Error("fixture");
  const values = (version: string) => ({
    outputs: Object.fromEntries(
      [
        ...["WebExecutionRoleArn", "WebTaskRoleArn", "WebLogGroup", "ClusterName", "InfrastructureRoleArn"],
        ...["TaskSubnet1", "TaskSubnet2", "WebListenerRule", "WebSecurityGroup", "WebTargetGroupA"],
        ...["WebTargetGroupB", "WebTestListenerRule"],
      ].map((name) => [name, `arn:aws:x:eu-west-1:1:${name}`]),
    ),
    images: { web: "nginx@sha256:1", worker: "nginx@sha256:1" },
    region: "eu-west-1",
    account: "1",
    partition: "aws",
    version,
  });
  const one = prepare(m.manifest.services.web!, rendered, values("v1"));
  const two = prepare(m.manifest.services.web!, rendered, values("v2"));
  if ("missing" in one || "missing" in two) throw new Error(`missing: ${JSON.stringify([one, two])}`);
  expect(one.fingerprint).toBe(two.fingerprint);
  expect(JSON.stringify(two.task)).toContain("service.version=v2");
});

test("validate refuses traces on a task too small for the collector beside the application, at its cpu, with the size that fits", () => {
  const text =
    "app: shop\nobservability: { traces: true }\nservices:\n  web: { image: nginx:1, port: 80, http: {}, cpu: 256 }\n";
  const loaded = loadManifestText(text, "berth.yml");
  expect(loaded.ok).toBe(false);
  if (loaded.ok) return;
  expect(loaded.problems).toEqual([
    expect.objectContaining({
      line: 4,
      path: "services.web.cpu",
      message: expect.stringContaining(
        "leaving its application 128 and 256 MiB; it needs at least 256 CPU units and 512 MiB",
      ),
      hint: "set services.web.cpu: 512 and memory: 1024, or turn observability.traces off",
    }),
  ]);
  const fits = loadManifestText(text.replace("cpu: 256", "cpu: 512, memory: 1024"), "berth.yml");
  expect(fits.ok).toBe(true);
});

test("traces turned on in one environment are checked in that environment alone", () => {
  const text = `app: shop
services:
  web: { image: nginx:1, port: 80, http: {} }
environments:
  staging: {}
  production: { observability: { traces: true } }
`;
  expect(loadManifestText(text, "berth.yml", { env: "staging" }).ok).toBe(true);
  const production = loadManifestText(text, "berth.yml", { env: "production" });
  expect(production.ok ? [] : production.problems.map((p) => p.path)).toEqual(["services.web.cpu"]);
});
