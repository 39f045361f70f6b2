import { describe, expect, test } from "vitest";
import { CASSANDRA, render, resource, resources } from "./helpers.js";

// What the second production review of the rendered stacks asked for (docs/manifest.md,
// "What each environment gets by default").
const production = render(CASSANDRA, { env: "production" });
const staging = render(CASSANDRA, { env: "staging" });

type Metric = { Id: string; Expression?: string; MetricStat?: { Stat: string; Metric: Record<string, unknown> } };
const metrics = (id: string) => resource(production, id).Properties.Metrics as Metric[];
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Condition?: unknown };
const statementsOf = (id: string) =>
  (resource(production, id).Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap(
    (p) => p.PolicyDocument.Statement,
  );

describe("availability", () => {
  test("production has a NAT gateway in each zone, each private route table its own; staging shares one", () => {
    expect(Object.keys(resources(production, "AWS::EC2::NatGateway")).sort()).toEqual(["NatGateway1", "NatGateway2"]);
    expect(resource(production, "PrivateDefaultRoute2").Properties.NatGatewayId).toEqual({ Ref: "NatGateway2" });
    expect(Object.keys(resources(staging, "AWS::EC2::NatGateway"))).toEqual(["NatGateway1"]);
  });

  test("what the manifest says about NAT wins over production's default", () => {
    const single = render(CASSANDRA.replace("network:\n", "network:\n  nat: single\n"), { env: "production" });
    expect(Object.keys(resources(single, "AWS::EC2::NatGateway"))).toEqual(["NatGateway1"]);
  });
});

describe("release alarms", () => {
  const alarmNames = production.serviceDefinitions.web?.deploymentConfiguration?.alarms?.alarmNames;

  test("a release rolls back on 5xx the load balancer answers itself, counted without a target-group dimension", () => {
    expect(alarmNames).toContain("cassandra-production-web/elb-5xx-rate");
    const errors = metrics("WebLoadBalancerErrorRateAlarm").find((m) => m.Id === "errors")?.MetricStat?.Metric;
    expect(errors).toMatchObject({ MetricName: "HTTPCode_ELB_5XX_Count" });
    expect(errors?.Dimensions).toEqual([{ Name: "LoadBalancer", Value: { Ref: "LoadBalancerLoadBalancerFullName" } }]);
  });

  test("a release rolls back when either target group's p99 response time passes the manifest's threshold", () => {
    expect(alarmNames).toContain("cassandra-production-web/p99-latency");
    expect(resource(production, "WebLatencyAlarm").Properties.Threshold).toBe(3);
    const stats = metrics("WebLatencyAlarm").flatMap((m) => (m.MetricStat ? [m.MetricStat] : []));
    expect(stats.map((s) => [s.Stat, s.Metric.MetricName])).toEqual([
      ["p99", "TargetResponseTime"],
      ["p99", "TargetResponseTime"],
    ]);
    const slow = render(CASSANDRA.replace("      bake: 5m", "      bake: 5m\n      p99Latency: 1s"), {
      env: "production",
    });
    expect(resource(slow, "WebLatencyAlarm").Properties.Threshold).toBe(1);
  });
});

describe("database", () => {
  test("services that use the database receive the reader endpoint beside the writer's", () => {
    const environment = production.taskDefinitions.web?.containerDefinitions?.[0]?.environment ?? [];
    expect(environment).toContainEqual({ name: "DATABASE_READ_HOST", value: "{{stack:DatabaseReadEndpoint}}" });
    expect(production.template.Outputs.DatabaseReadEndpoint?.Value).toEqual({
      "Fn::GetAtt": ["Database", "ReadEndpoint.Address"],
    });
  });

  test("readers fail over at full size by default (tier 1) or scale on their own reads (tier 2) when asked", () => {
    expect(resource(production, "DatabaseReader1").Properties.PromotionTier).toBe(1);
    const scaling = render(CASSANDRA.replace('  version: "16.8"', '  version: "16.8"\n  readerRole: read-scaling'), {
      env: "production",
    });
    expect(resource(scaling, "DatabaseReader1").Properties.PromotionTier).toBe(2);
  });

  test("the server refuses connections without TLS, in the family of the engine's major version", () => {
    expect(resource(production, "DatabaseParameterGroup").Properties).toMatchObject({
      Family: "aurora-postgresql16",
      Parameters: { "rds.force_ssl": "1" },
    });
    expect(resource(production, "Database").Properties.DBClusterParameterGroupName).toEqual({
      Ref: "DatabaseParameterGroup",
    });
    const mysql = render(
      "app: shop\nservices: { w: { image: x, uses: [database] } }\ndatabase: { engine: aurora-mysql }\n",
    );
    expect(resource(mysql, "DatabaseParameterGroup").Properties).toMatchObject({
      Family: "aurora-mysql8.0",
      Parameters: { require_secure_transport: "ON" },
    });
  });

  test("production has Database Insights (Standard) and its logs in CloudWatch, kept 30 days; staging neither", () => {
    expect(resource(production, "Database").Properties).toMatchObject({
      DatabaseInsightsMode: "standard",
      PerformanceInsightsEnabled: true,
      EnableCloudwatchLogsExports: ["postgresql"],
    });
    expect(resource(production, "DatabaseLogin").Properties).toMatchObject({
      LogGroups: [{ "Fn::Sub": "/aws/rds/cluster/${Database}/postgresql" }],
      LogDays: "30",
    });
    expect(resource(staging, "Database").Properties).not.toHaveProperty("DatabaseInsightsMode");
    expect(resource(staging, "Database").Properties).not.toHaveProperty("EnableCloudwatchLogsExports");
  });

  test("instances keep the minor version the template pins, and the login function runs on a current runtime", () => {
    for (const id of ["DatabaseWriter", "DatabaseReader1"])
      expect(resource(production, id).Properties.AutoMinorVersionUpgrade).toBe(false);
    expect(resource(production, "DatabaseLoginFunction").Properties.Runtime).toBe("python3.14");
  });
});

describe("least privilege", () => {
  test("a service that uses a queue may send to it but not receive or delete its jobs; its worker may", () => {
    const web = statementsOf("WebTaskRole");
    const worker = statementsOf("WorkerTaskRole");
    const actions = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
    expect(actions(web)).toContain("sqs:SendMessage");
    expect(actions(web)).not.toContain("sqs:ReceiveMessage");
    expect(actions(web)).not.toContain("sqs:DeleteMessage");
    expect(actions(worker)).toEqual(expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage"]));
  });

  test("the dead-letter queue and the alerts topic refuse requests without TLS", () => {
    const tlsOnly = (id: string) =>
      (resource(production, id).Properties.PolicyDocument as { Statement: Statement[] }).Statement.find(
        (s) => s.Sid === "TlsOnly",
      );
    for (const id of ["JobsDeadLetterQueuePolicy", "AlertsTopicPolicy"])
      expect(tlsOnly(id), id).toMatchObject({
        Effect: "Deny",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
  });
});

describe("data kept and evidence", () => {
  test("outside previews the dead-letter queue outlives the stack; a preview's and a delete-data destroy's go", () => {
    expect(resource(production, "JobsDeadLetterQueue").DeletionPolicy).toBe("Retain");
    expect(resource(render(CASSANDRA, { env: "pr-4" }), "JobsDeadLetterQueue").DeletionPolicy).toBe("Delete");
    expect(
      resource(render(CASSANDRA, { env: "production", teardown: "delete-data" }), "JobsDeadLetterQueue").DeletionPolicy,
    ).toBe("Delete");
  });

  test("in production the app's buckets log their requests to the access-log bucket, which admits only S3's logging", () => {
    expect(resource(production, "UploadsBucket").Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: "AccessLogsBucket" },
      LogFilePrefix: "s3/uploads/",
    });
    const policy = resource(production, "AccessLogsBucketPolicy").Properties.PolicyDocument as {
      Statement: { Sid: string; Principal: unknown; Resource: unknown }[];
    };
    expect(policy.Statement.find((s) => s.Sid === "BucketsWriteServerAccessLogs")).toMatchObject({
      Principal: { Service: "logging.s3.amazonaws.com" },
      Resource: { "Fn::Sub": "${AccessLogsBucket.Arn}/s3/*" },
    });
    expect(resource(staging, "UploadsBucket").Properties).not.toHaveProperty("LoggingConfiguration");
  });

  test("production records the VPC's flow logs, kept 90 days; staging does not unless asked", () => {
    expect(resource(production, "FlowLogs").Properties).toMatchObject({
      ResourceId: { Ref: "Vpc" },
      TrafficType: "ALL",
      LogDestinationType: "cloud-watch-logs",
    });
    expect(resource(production, "FlowLogsLogGroup").Properties.RetentionInDays).toBe(90);
    expect(resources(staging, "AWS::EC2::FlowLog")).toEqual({});
    const asked = render(CASSANDRA.replace("network:\n", "network:\n  flowLogs: true\n"), { env: "staging" });
    expect(Object.keys(resources(asked, "AWS::EC2::FlowLog"))).toEqual(["FlowLogs"]);
  });
});

describe("optional hardening", () => {
  test("egress: https lets tasks out on 443 and to the database and volumes they use, nothing else; the default is all", () => {
    const hardened = render(
      CASSANDRA.replace("    uses: [database, uploads]\n", "    uses: [database, uploads]\n    egress: https\n"),
      { env: "production" },
    );
    expect(resource(hardened, "WorkerSecurityGroup").Properties.SecurityGroupEgress).toEqual([
      { IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIp: "0.0.0.0/0", Description: "HTTPS: images, AWS APIs" },
      {
        IpProtocol: "tcp",
        FromPort: 5432,
        ToPort: 5432,
        DestinationSecurityGroupId: { Ref: "DatabaseSecurityGroupGroupId" },
        Description: "The database",
      },
      {
        IpProtocol: "tcp",
        FromPort: 2049,
        ToPort: 2049,
        DestinationSecurityGroupId: { Ref: "MediaFileSystemSecurityGroupGroupId" },
        Description: "NFS to volume media",
      },
    ]);
    expect(resource(hardened, "WebSecurityGroup").Properties.SecurityGroupEgress).toEqual([
      { IpProtocol: "-1", CidrIp: "0.0.0.0/0", Description: "Outbound: image pulls, AWS APIs, the database" },
    ]);
  });
});
