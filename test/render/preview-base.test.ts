import { describe, expect, test } from "vitest";
import { environmentUrl } from "../../src/deployers/environment-url.js";
import { loadManifestText } from "../../src/manifest/load.js";
import { previewCapacity } from "../../src/render/preview-capacity.js";
import { CASSANDRA, HELLO, manifestOf, render } from "./helpers.js";

const preview = render(CASSANDRA, { env: "pr-7" });
const types = (resources: Record<string, unknown>) =>
  new Set(Object.values(resources).map((r) => (r as { Type: string }).Type));

describe("previews run on one shared base", () => {
  test("the base holds the VPC, the load balancer and the database cluster; the preview's stack none of them", () => {
    const base = types(preview.previewBase!.Resources);
    const own = types(preview.template.Resources);
    for (const shared of [
      "AWS::EC2::VPC",
      "AWS::EC2::InternetGateway",
      "AWS::ElasticLoadBalancingV2::LoadBalancer",
      "AWS::RDS::DBCluster",
      "AWS::RDS::DBInstance",
    ]) {
      expect(base.has(shared), shared).toBe(true);
      expect(own.has(shared), shared).toBe(false);
    }
    // No NAT gateway in the base unless the preview section asks for one.
    expect(base.has("AWS::EC2::NatGateway")).toBe(false);
    // Its queues, buckets, volumes and cluster stay the preview's own.
    for (const mine of ["AWS::ECS::Cluster", "AWS::SQS::Queue", "AWS::S3::Bucket", "AWS::EFS::FileSystem"])
      expect(own.has(mine), mine).toBe(true);
  });

  test("the preview's stack takes every shared resource as a parameter the base outputs", () => {
    const parameters = Object.keys(preview.template.Parameters ?? {});
    expect(parameters).toEqual(expect.arrayContaining(["Vpc", "LoadBalancer", "DatabaseEndpointAddress"]));
    expect(Object.keys(preview.previewBase!.Outputs).sort()).toEqual([...parameters].sort());
  });

  test("every preview renders the same base, so deploying one never changes another's", () => {
    expect(render(CASSANDRA, { env: "pr-12" }).previewBase).toEqual(preview.previewBase);
  });

  test("the shared cluster pauses at 0 ACU after five idle minutes", () => {
    const cluster = preview.previewBase!.Resources.Database as { Properties: Record<string, unknown> };
    expect(cluster.Properties.ServerlessV2ScalingConfiguration).toEqual({
      MinCapacity: 0,
      MaxCapacity: 1,
      SecondsUntilAutoPause: 300,
    });
    expect(cluster.Properties.DeletionProtection).toBe(false);
  });

  test("each preview has a listener of its own on port 10000 + its number, which the load balancer admits", () => {
    const listener = preview.template.Resources.HttpListener as { Properties: Record<string, unknown> };
    expect(listener.Properties).toMatchObject({ Port: 10_007, LoadBalancerArn: { Ref: "LoadBalancer" } });
    expect(preview.previewBase!.Resources.PreviewPortsIngress).toMatchObject({
      Properties: {
        FromPort: 10_001,
        ToPort: 65_535,
        GroupId: { "Fn::GetAtt": ["LoadBalancerSecurityGroup", "GroupId"] },
      },
    });
    expect(preview.previewBase!.Resources.HttpListener).toBeUndefined();
    expect(preview.template.Outputs.LoadBalancerDns?.Value).toEqual({
      "Fn::Sub": ["${Dns}:10007", { Dns: { Ref: "LoadBalancerDNSName" } }],
    });
  });

  test("each preview has its own database and login in the shared cluster, and signs in as that login alone", () => {
    const database = preview.template.Resources.PreviewDatabase as { Properties: Record<string, unknown> };
    expect(database.Properties.Name).toBe("cassandra_pr_7");
    expect(JSON.stringify(database.Properties.Create)).toContain('CREATE DATABASE \\"cassandra_pr_7\\"');
    expect(JSON.stringify(database.Properties.Drop)).toContain("DROP ROLE IF EXISTS berth_app_pr_7");
    const env = preview.taskDefinitions.web!.containerDefinitions![0]!.environment!;
    expect(env).toEqual(
      expect.arrayContaining([
        { name: "DATABASE_NAME", value: "cassandra_pr_7" },
        { name: "DATABASE_USER", value: "berth_app_pr_7" },
      ]),
    );
    expect(JSON.stringify(preview.services.web)).toContain("dbuser:${DatabaseDBClusterResourceId}/berth_app_pr_7");
  });

  test("the shared cluster's exported logs are kept 30 days: each preview's database function creates or keeps their log groups", () => {
    const withInsights = render(
      "app: shop\nservices:\n  web: { image: nginx, port: 80, http: {}, uses: [database] }\ndatabase: { insights: true }\n",
      { env: "pr-3" },
    );
    const cluster = withInsights.previewBase!.Resources.Database as { Properties: Record<string, unknown> };
    expect(cluster.Properties.EnableCloudwatchLogsExports).toEqual(["postgresql"]);
    const database = withInsights.template.Resources.PreviewDatabase as { Properties: Record<string, unknown> };
    // ${Database} is the preview stack's parameter: the base's cluster.
    expect(withInsights.template.Parameters).toHaveProperty("Database");
    expect(database.Properties).toMatchObject({
      LogGroups: [{ "Fn::Sub": "/aws/rds/cluster/${Database}/postgresql" }],
      LogDays: "30",
    });
    type Role = { Properties: { Policies: { PolicyDocument: { Statement: { Sid: string; Resource: unknown }[] } }[] } };
    const statements = (rendered: typeof preview) =>
      (rendered.template.Resources.PreviewDatabaseFunctionRole as Role).Properties.Policies.flatMap(
        (p) => p.PolicyDocument.Statement,
      );
    expect(statements(withInsights).find((s) => s.Sid === "KeepDatabaseLogs")?.Resource).toEqual([
      {
        "Fn::Sub":
          "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/rds/cluster/${Database}/postgresql",
      },
    ]);
    // Without exports, no log group and no right to one.
    expect(
      (preview.template.Resources.PreviewDatabase as { Properties: Record<string, unknown> }).Properties.LogGroups,
    ).toEqual([]);
    expect(statements(preview).map((s) => s.Sid)).not.toContain("KeepDatabaseLogs");
  });

  test("production and staging have no base: their stacks hold their own network and load balancer", () => {
    for (const env of ["production", "staging"]) {
      const rendered = render(CASSANDRA, { env });
      expect(rendered.previewBase).toBeUndefined();
      expect(rendered.template.Parameters).toBeUndefined();
      expect(types(rendered.template.Resources).has("AWS::EC2::VPC")).toBe(true);
    }
  });
});

describe("how many previews the shared load balancer holds", () => {
  test("one web service: 50, by the listener quota (and its 2 rules and 2 target groups fit 50 times too)", () => {
    expect(previewCapacity(manifestOf(HELLO, { env: "pr-1" }))).toEqual({
      fits: 50,
      loadBalancer: "main",
      quota: "listeners",
      perPreview: 1,
    });
  });

  test("three web services: 16, by the 100 target groups that cannot be raised", () => {
    const three = `app: shop\nservices:\n  a: { image: x, port: 80, http: { path: /a } }\n  b: { image: x, port: 80, http: { path: /b } }\n  c: { image: x, port: 80, http: {} }\n`;
    expect(previewCapacity(manifestOf(three, { env: "pr-1" }))).toMatchObject({
      fits: 16,
      quota: "targetGroups",
      perPreview: 6,
    });
  });

  test("no web service: no load balancer quota bounds previews", () => {
    expect(previewCapacity(manifestOf("app: shop\nservices:\n  w: { image: x }\n", { env: "pr-1" }))).toBeUndefined();
  });
});

describe("with environments.preview.domain, previews share the base's listeners and answer at their own host", () => {
  const DOMAIN = `app: shop
certificate: arn:aws:acm:eu-west-1:210987654321:certificate/abc-123
services:
  web: { image: x, port: 80, http: {} }
  api: { image: x, port: 8080, http: { host: api.example.com, path: /v1 } }
environments:
  preview: { domain: preview.example.com }
`;
  const rules = (env: string) => {
    const rendered = render(DOMAIN, { env });
    return Object.values(rendered.services).flatMap((t) =>
      Object.values(t.Resources).filter((r) => (r as { Type: string }).Type.endsWith("ListenerRule")),
    ) as { Properties: { Priority: number; Conditions: unknown[]; ListenerArn: unknown } }[];
  };

  test("the base keeps the HTTPS listener and the preview's stack has none", () => {
    const rendered = render(DOMAIN, { env: "pr-7" });
    expect(rendered.previewBase!.Resources.HttpsListener).toBeDefined();
    expect(types(rendered.template.Resources).has("AWS::ElasticLoadBalancingV2::Listener")).toBe(false);
    expect(rendered.previewBase!.Resources.PreviewPortsIngress).toBeUndefined();
  });

  test("each rule matches the preview's host: pr-7.<domain>, and pr-7-api.<domain> for a service with a host", () => {
    const hosts = rules("pr-7").map((r) => JSON.stringify(r.Properties.Conditions));
    expect(hosts.filter((c) => c.includes('"pr-7.preview.example.com"'))).toHaveLength(2);
    expect(hosts.filter((c) => c.includes('"pr-7-api.preview.example.com"'))).toHaveLength(2);
    expect(hosts.some((c) => c.includes('"api.example.com"'))).toBe(false);
  });

  test("each preview's priorities lie in a band of its own, test rules before production ones", () => {
    const band = (env: string) =>
      rules(env)
        .map((r) => r.Properties.Priority)
        .sort((a, b) => a - b);
    expect(band("pr-7")).toEqual([29, 30, 31, 32]);
    expect(band("pr-8")).toEqual([33, 34, 35, 36]);
  });

  test("its URL is its host, over HTTPS", () => {
    const m = manifestOf(DOMAIN, { env: "pr-7" });
    expect(environmentUrl(m, { LoadBalancerDns: "lb.example" })).toBe("https://pr-7.preview.example.com");
  });

  test("domain is refused anywhere but under environments.preview", () => {
    const loaded = loadManifestText(
      "app: shop\ndomain: preview.example.com\nservices:\n  w: { image: x }\n",
      "berth.yml",
    );
    expect(loaded.ok ? [] : loaded.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "domain: only previews answer at pr-<n>.<domain>",
    ]);
  });
});

describe("HTTPS for previews without a domain", () => {
  const WITH_CERTIFICATE = `app: shop
certificate: arn:aws:acm:eu-west-1:210987654321:certificate/abc-123
services:
  web: { image: x, port: 80, http: {} }
environments:
  production: {}
  preview: {}
`;

  test("a preview answering at the load balancer's own name is refused a certificate, at its line, with the fix", () => {
    const loaded = loadManifestText(WITH_CERTIFICATE, "berth.yml", { env: "pr-7" });
    expect(loaded.ok).toBe(false);
    const [problem] = loaded.ok ? [] : loaded.problems;
    expect(problem).toMatchObject({ file: "berth.yml", line: 2, path: "certificate" });
    expect(problem?.message).toContain("cannot match");
    expect(problem?.hint).toContain("set environments.preview.domain");
  });

  test("the same certificate serves production, and previews on a domain", () => {
    expect(loadManifestText(WITH_CERTIFICATE, "berth.yml", { env: "production" }).ok).toBe(true);
    const onDomain = WITH_CERTIFICATE.replace("preview: {}", "preview: { domain: preview.example.com }");
    expect(loadManifestText(onDomain, "berth.yml", { env: "pr-7" }).ok).toBe(true);
  });

  test("the hint's other way, certificate: ~ under the preview section, is accepted, by the whole file too", () => {
    const without = WITH_CERTIFICATE.replace("preview: {}", "preview: { certificate: ~ }");
    expect(loadManifestText(without, "berth.yml", { env: "pr-7" }).ok).toBe(true);
    expect(loadManifestText(without, "berth.yml").ok).toBe(true);
    const refused = loadManifestText(WITH_CERTIFICATE, "berth.yml", { env: "pr-7" });
    expect(refused.ok ? "" : refused.problems[0]?.hint).toContain("environments.preview: { certificate: ~ }");
  });
});
