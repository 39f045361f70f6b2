import { describe, expect, test } from "vitest";
import { DEFAULT_ENGINE_VERSIONS, pausesAtZero } from "../../src/manifest/aurora-versions.js";
import { scalingResourceId, taskFamily, wakeAlarmName } from "../../src/manifest/names.js";
import { CASSANDRA, render, resource, resources } from "./helpers.js";

const production = render(CASSANDRA, { env: "production" });
const preview = render(CASSANDRA, { env: "pr-3" });

type Rule = { IpProtocol: string; FromPort?: number; ToPort?: number; CidrIp?: string; CidrIpv6?: string };
type Statement = { Sid?: string; Action: string | string[]; Resource: unknown };

function statements(roleId: string): Statement[] {
  const policies = (resource(production, roleId).Properties.Policies ?? []) as {
    PolicyDocument: { Statement: Statement[] };
  }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

describe("network exposure", () => {
  test("the internet reaches the load balancer on 80 and 443 only", () => {
    const ingress = resource(production, "LoadBalancerSecurityGroup").Properties.SecurityGroupIngress as Rule[];
    expect(new Set(ingress.map((r) => `${r.FromPort}-${r.ToPort}`))).toEqual(new Set(["80-80", "443-443"]));
  });

  test("the load balancer sends traffic only to service ports", () => {
    const egress = resources(production, "AWS::EC2::SecurityGroupEgress");
    expect(Object.values(egress).map((e) => [e.Properties.FromPort, e.Properties.DestinationSecurityGroupId])).toEqual([
      [8000, { "Fn::GetAtt": ["WebSecurityGroup", "GroupId"] }],
    ]);
  });

  test("only security-group rules admit traffic to services, the database and volumes; no CIDR ingress", () => {
    const ingress = resources(production, "AWS::EC2::SecurityGroupIngress");
    const summary = Object.entries(ingress).map(([id, r]) => `${id}:${r.Properties.FromPort}`);
    expect(summary.sort()).toEqual([
      "DatabaseIngressFromClients:5432",
      "MediaIngressFromClients:2049",
      "WebIngressFromLoadBalancer:8000",
    ]);
    for (const r of Object.values(ingress)) expect(r.Properties.SourceSecurityGroupId).toBeDefined();
    for (const [id, group] of Object.entries(resources(production, "AWS::EC2::SecurityGroup"))) {
      if (id === "LoadBalancerSecurityGroup") continue;
      expect(group.Properties.SecurityGroupIngress, id).toBeUndefined();
    }
  });

  test("the database and a volume admit only their client group, with one rule however many services use them", () => {
    const services = [1, 2, 3].map((i) => `  s${i}: { image: x, uses: [database], volumes: { media: /m } }`);
    const many = render(
      `app: a\nservices:\n${services.join("\n")}\ndatabase: { engine: aurora-postgresql }\nvolumes: { media: {} }\n`,
    );
    const ingress = Object.values(resources(many, "AWS::EC2::SecurityGroupIngress")).map((r) => r.Properties);
    expect(ingress).toEqual([
      expect.objectContaining({
        GroupId: { "Fn::GetAtt": ["DatabaseSecurityGroup", "GroupId"] },
        SourceSecurityGroupId: { "Fn::GetAtt": ["DatabaseClientSecurityGroup", "GroupId"] },
        FromPort: 5432,
        ToPort: 5432,
      }),
      expect.objectContaining({
        GroupId: { "Fn::GetAtt": ["MediaFileSystemSecurityGroup", "GroupId"] },
        SourceSecurityGroupId: { "Fn::GetAtt": ["MediaClientSecurityGroup", "GroupId"] },
        FromPort: 2049,
        ToPort: 2049,
      }),
    ]);
    for (const id of ["DatabaseClientSecurityGroup", "MediaClientSecurityGroup"]) {
      expect(many.template.Resources[id], id).toMatchObject({
        Type: "AWS::EC2::SecurityGroup",
        Properties: { GroupDescription: expect.stringMatching(/clients: tasks of the services that (use|mount)/) },
      });
      expect(resource(many, id).Properties.SecurityGroupIngress, id).toBeUndefined();
      expect(many.template.Outputs[id]?.Value).toEqual({ "Fn::GetAtt": [id, "GroupId"] });
    }
  });

  test("the database's and a volume's own groups keep the descriptions 0.1.0 gave them, which would replace them if changed", () => {
    expect(resource(production, "DatabaseSecurityGroup").Properties.GroupDescription).toBe(
      "cassandra-production database: from the services that use it",
    );
    expect(resource(production, "MediaFileSystemSecurityGroup").Properties.GroupDescription).toBe(
      "cassandra-production volume media: NFS from the services that mount it",
    );
  });

  test("a service's tasks carry the client groups of the database and volumes it reaches, and no others", () => {
    const rendered = render(
      "app: a\nservices:\n  api: { image: x, uses: [database] }\n  files: { image: x, volumes: { media: /m } }\n" +
        "  plain: { image: x }\ndatabase: { engine: aurora-postgresql }\nvolumes: { media: {}, other: {} }\n",
    );
    const groups = (service: string) =>
      rendered.serviceDefinitions[service]?.networkConfiguration?.awsvpcConfiguration?.securityGroups;
    expect(groups("api")).toEqual(["{{stack:ApiSecurityGroup}}", "{{stack:DatabaseClientSecurityGroup}}"]);
    expect(groups("files")).toEqual(["{{stack:FilesSecurityGroup}}", "{{stack:MediaClientSecurityGroup}}"]);
    expect(groups("plain")).toEqual(["{{stack:PlainSecurityGroup}}"]);
    expect(groups("api")).not.toContain("{{stack:OtherClientSecurityGroup}}");
  });

  test("the database and tasks sit in private subnets", () => {
    expect(resource(production, "DatabaseSubnetGroup").Properties.SubnetIds).toEqual([
      { Ref: "PrivateSubnet1" },
      { Ref: "PrivateSubnet2" },
    ]);
    expect(resource(production, "DatabaseWriter").Properties.PubliclyAccessible).toBe(false);
    const awsvpc = production.serviceDefinitions.web?.networkConfiguration?.awsvpcConfiguration;
    expect(awsvpc).toMatchObject({
      subnets: ["{{stack:TaskSubnet1}}", "{{stack:TaskSubnet2}}"],
      assignPublicIp: "DISABLED",
    });
    expect(production.template.Outputs.TaskSubnet1?.Value).toEqual({ Ref: "PrivateSubnet1" });
  });
});

describe("least privilege", () => {
  test("no IAM statement grants every resource, except the ECR login that cannot be scoped", () => {
    const wildcards = Object.keys(resources(production, "AWS::IAM::Role")).flatMap((role) =>
      statements(role)
        .filter((s) => JSON.stringify(s.Resource).includes('"*"'))
        .map((s) => `${role}:${s.Sid}`),
    );
    expect(wildcards.sort()).toEqual(["WebExecutionRole:RegistryLogin", "WorkerExecutionRole:RegistryLogin"]);
    for (const role of ["WebExecutionRole", "WorkerExecutionRole"]) {
      expect(statements(role).find((s) => s.Sid === "RegistryLogin")?.Action).toBe("ecr:GetAuthorizationToken");
    }
  });

  test("the execution role reads exactly the secrets the service references", () => {
    const read = statements("WebExecutionRole").filter((s) => s.Sid === "ReadSecrets" || s.Sid === "ReadParameters");
    expect(JSON.stringify(read)).toContain("secret:production/stripe-??????");
    expect(JSON.stringify(read)).toContain("parameter/cassandra/production/api-token");
    expect(JSON.stringify(statements("WorkerExecutionRole"))).not.toContain("stripe");
  });

  test("each task role reaches only what its service uses", () => {
    const web = JSON.stringify(statements("WebTaskRole"));
    const worker = JSON.stringify(statements("WorkerTaskRole"));
    expect(web).toContain("JobsQueue");
    expect(web).toContain("UploadsBucket");
    expect(worker).toContain("UploadsBucket");
    expect(worker).toContain("JobsQueue");
    const hello = render(
      "app: a\nservices:\n  api: { image: x, uses: [files] }\n  other: { image: x }\nbuckets: { files: {} }\nqueues: { jobs: {} }\n",
    );
    expect(JSON.stringify(resource(hello, "ApiTaskRole").Properties.Policies)).not.toContain("JobsQueue");
    expect(resource(hello, "OtherTaskRole").Properties.Policies).toBeUndefined();
  });

  test("the file system is mounted only through its access point", () => {
    const policy = resource(production, "WebMountMediaPolicy").Properties as {
      Roles: unknown;
      PolicyDocument: { Statement: (Statement & { Condition: unknown })[] };
    };
    expect(policy.Roles).toEqual([{ Ref: "WebTaskRole" }]);
    expect(policy.PolicyDocument.Statement[0]?.Condition).toEqual({
      StringEquals: {
        "elasticfilesystem:AccessPointArn": {
          "Fn::Sub":
            "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/${MediaAccessPoint}",
        },
      },
    });
  });

  test("the file system's own policy denies plain NFS, mounts outside the access point, and every role but the mounters'", () => {
    type EfsStatement = {
      Sid: string;
      Effect: string;
      Principal: { AWS: unknown };
      Action: unknown;
      Condition: unknown;
    };
    const policy = resource(production, "MediaFileSystem").Properties.FileSystemPolicy as { Statement: EfsStatement[] };
    const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
    expect(bySid.TlsOnly).toMatchObject({
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(bySid.AccessPointOnly).toMatchObject({
      Effect: "Deny",
      Condition: { Null: { "elasticfilesystem:AccessPointArn": "true" } },
    });
    // The roles live in the service stacks: the policy names them by the path only their stacks give.
    const rolePath = (service: string) => `:role/berth/cassandra/production/${service}/*`;
    expect(bySid.TaskRolesOnly).toMatchObject({
      Effect: "Allow",
      Principal: { AWS: "*" },
      Condition: {
        ArnLike: {
          "aws:PrincipalArn": [
            { "Fn::Sub": `arn:\${AWS::Partition}:iam::\${AWS::AccountId}${rolePath("web")}` },
            { "Fn::Sub": `arn:\${AWS::Partition}:iam::\${AWS::AccountId}${rolePath("worker")}` },
          ],
        },
      },
    });
    expect(resource(production, "WebTaskRole").Properties.Path).toBe("/berth/cassandra/production/web/");
    expect(resource(production, "WorkerTaskRole").Properties.Path).toBe("/berth/cassandra/production/worker/");
    expect(policy.Statement.filter((s) => s.Effect === "Allow")).toHaveLength(1);
  });
});

describe("data at rest and in transit", () => {
  test("the database, queues, buckets and file systems are encrypted", () => {
    expect(resource(production, "Database").Properties.StorageEncrypted).toBe(true);
    expect(resource(production, "Database").Properties.ManageMasterUserPassword).toBe(true);
    expect(resource(production, "Database").Properties.MasterUserPassword).toBeUndefined();
    for (const q of Object.values(resources(production, "AWS::SQS::Queue")))
      expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    expect(resource(production, "UploadsBucket").Properties.BucketEncryption).toBeDefined();
    expect(resource(production, "MediaFileSystem").Properties.Encrypted).toBe(true);
    expect(production.taskDefinitions.web?.volumes?.[0]?.efsVolumeConfiguration?.transitEncryption).toBe("ENABLED");
  });

  test("buckets block every kind of public access and are kept when the stack goes", () => {
    const bucket = resource(production, "UploadsBucket");
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.DeletionPolicy).toBe("Retain");
  });

  test("outside previews the database is protected and leaves a snapshot; previews are disposable", () => {
    expect(resource(production, "Database")).toMatchObject({
      DeletionPolicy: "Snapshot",
      Properties: { DeletionProtection: true },
    });
    expect(resource(preview, "Database")).toMatchObject({
      DeletionPolicy: "Delete",
      Properties: { DeletionProtection: false },
    });
    expect(resource(production, "MediaFileSystem").DeletionPolicy).toBe("Retain");
  });

  test("secrets reach task definitions as ARNs, never as values", () => {
    const secrets = production.taskDefinitions.web?.containerDefinitions?.[0]?.secrets ?? [];
    expect(secrets.map((s) => [s.name, s.valueFrom])).toEqual([
      ["API_TOKEN", "arn:{{partition}}:ssm:{{region}}:{{account}}:parameter/cassandra/production/api-token"],
      ["STRIPE_KEY", "arn:{{partition}}:secretsmanager:{{region}}:{{account}}:secret:production/stripe:key::"],
    ]);
    const environment = production.taskDefinitions.web?.containerDefinitions?.[0]?.environment ?? [];
    expect(environment.map((e) => e.name)).not.toContain("STRIPE_KEY");
  });
});

describe("teardown", () => {
  test("before destroy keeping data, the database loses its deletion protection but still leaves a snapshot", () => {
    const r = render(CASSANDRA, { env: "production", teardown: "keep-data" });
    expect(resource(r, "Database")).toMatchObject({
      DeletionPolicy: "Snapshot",
      Properties: { DeletionProtection: false },
    });
    expect(resource(r, "UploadsBucket").DeletionPolicy).toBe("Retain");
    expect(resource(r, "MediaFileSystem").DeletionPolicy).toBe("Retain");
  });

  test("before destroy deleting data, nothing is kept", () => {
    const r = render(CASSANDRA, { env: "production", teardown: "delete-data" });
    expect(resource(r, "Database").DeletionPolicy).toBe("Delete");
    expect(resource(r, "UploadsBucket").DeletionPolicy).toBe("Delete");
    expect(resource(r, "MediaFileSystem").DeletionPolicy).toBe("Delete");
  });
});

describe("images a release uses never expire", () => {
  type Selection = { tagStatus: string; tagPrefixList?: string[]; countType: string; countNumber: number };
  type LifecycleRule = { rulePriority: number; selection: Selection };
  const policyOf = (rendered: ReturnType<typeof render>): LifecycleRule[] => {
    const resources = Object.values(rendered.appTemplate?.Resources ?? {}) as {
      Type: string;
      Properties: Record<string, unknown>;
    }[];
    const repository = resources.find((r) => r.Type === "AWS::ECR::Repository") as unknown as {
      Properties: { LifecyclePolicy: { LifecyclePolicyText: string } };
    };
    return (JSON.parse(repository.Properties.LifecyclePolicy.LifecyclePolicyText) as { rules: LifecycleRule[] }).rules;
  };
  /** ECR applies to an image the first rule (lowest priority number) whose tag selection matches it. */
  const ruleFor = (rules: LifecycleRule[], tags: string[]): LifecycleRule | undefined =>
    [...rules]
      .sort((a, b) => a.rulePriority - b.rulePriority)
      .find(({ selection: s }) => {
        if (s.tagStatus === "untagged") return tags.length === 0;
        if (s.tagStatus === "tagged") return tags.some((t) => (s.tagPrefixList ?? [""]).every((p) => t.startsWith(p)));
        return true;
      });

  test("no lifecycle rule that expires by count can select a digest a release of any environment tagged", () => {
    const rules = policyOf(production);
    for (const tags of [["berth-production-0123456789abcdef"], ["abc1234", "berth-pr-7-0123456789abcdef"]]) {
      const rule = ruleFor(rules, tags);
      expect(rule?.selection.tagPrefixList).toEqual(["berth-"]);
      expect(rule?.selection.countNumber).toBeGreaterThanOrEqual(9999);
    }
    expect(ruleFor(rules, ["abc1234"])?.selection).toMatchObject({ tagStatus: "any", countNumber: 200 });
  });
});

describe("database logins survive the master secret's rotation", () => {
  const environmentOf = (service: string) =>
    Object.fromEntries(
      (production.taskDefinitions[service]?.containerDefinitions?.[0]?.environment ?? []).map((e) => [e.name, e.value]),
    );

  test("no task receives the master user's secret; applications sign in as their own login with IAM", () => {
    for (const service of ["web", "worker"]) {
      const container = production.taskDefinitions[service]?.containerDefinitions?.[0];
      expect(JSON.stringify(container?.secrets ?? [])).not.toContain("Database");
      expect(environmentOf(service)).toMatchObject({ DATABASE_USER: "berth_app", DATABASE_AUTH: "iam" });
      expect(JSON.stringify(statements(`${service === "web" ? "Web" : "Worker"}ExecutionRole`))).not.toContain(
        "MasterUserSecret",
      );
    }
  });

  test("each task role may connect as the application login and as nothing else", () => {
    const connect = statements("WebTaskRole").find((s) => s.Sid === "ConnectToDatabase");
    expect(connect?.Action).toBe("rds-db:connect");
    expect(connect?.Resource).toEqual({
      "Fn::Sub":
        "arn:${AWS::Partition}:rds-db:${AWS::Region}:${AWS::AccountId}:dbuser:${DatabaseDBClusterResourceId}/berth_app",
    });
  });

  test("the cluster accepts IAM logins and the login is created, with rds_iam, once the writer is up", () => {
    expect(resource(production, "Database").Properties).toMatchObject({
      ManageMasterUserPassword: true,
      EnableIAMDatabaseAuthentication: true,
    });
    const login = resource(production, "DatabaseLogin") as ReturnType<typeof resource> & { DependsOn?: string };
    expect(login.DependsOn).toBe("DatabaseWriter");
    expect(login.Properties.Statements).toContain("GRANT rds_iam TO berth_app");
  });
});

describe("workers are not killed mid-job", () => {
  const worker = production.serviceDefinitions.worker;

  test("scale-in never counts only visible messages: every queue metric is visible plus in flight", () => {
    const policies = worker?.scaling?.policies ?? [];
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      const metrics = policy.TargetTrackingScalingPolicyConfiguration?.CustomizedMetricSpecification?.Metrics ?? [];
      const sqs = metrics
        .filter((m) => m.MetricStat?.Metric?.Namespace === "AWS/SQS")
        .map((m) => [m.Id, m.MetricStat?.Metric?.MetricName]);
      expect(sqs).toEqual([
        ["visible", "ApproximateNumberOfMessagesVisible"],
        ["inflight", "ApproximateNumberOfMessagesNotVisible"],
      ]);
      const returned = metrics.find((m) => m.ReturnData)?.Expression ?? "";
      expect(returned).toMatch(/visible.*\+.*inflight.*\/ tasks/);
    }
  });

  test("a worker gets Fargate's longest stop timeout and may protect itself from scale-in", () => {
    expect(production.taskDefinitions.worker?.containerDefinitions?.[0]?.stopTimeout).toBe(120);
    expect(production.taskDefinitions.web?.containerDefinitions?.[0]?.stopTimeout).toBe(30);
    expect(statements("WorkerTaskRole").find((s) => s.Sid === "ProtectFromScaleIn")?.Action).toEqual([
      "ecs:UpdateTaskProtection",
      "ecs:GetTaskProtection",
    ]);
    expect(statements("WebTaskRole").find((s) => s.Sid === "ProtectFromScaleIn")).toBeUndefined();
  });
});

describe("unreleased versions are reachable only by berth", () => {
  type Condition = { Field: string; HttpHeaderConfig?: { HttpHeaderName: string; Values: unknown[] } };
  const rules = Object.entries(resources(production, "AWS::ElasticLoadBalancingV2::ListenerRule"));
  const testRuleIds = Object.values(production.serviceDefinitions)
    .flatMap((d) => d.loadBalancers ?? [])
    .map((lb) => lb.advancedConfiguration?.testListenerRule?.replace(/^\{\{stack:(\w+)\}\}$/, "$1"));

  test("every test listener rule requires the header with a value resolved from the environment's secret", () => {
    expect(testRuleIds).toEqual(["WebTestListenerRule"]);
    for (const id of testRuleIds) {
      const header = (resource(production, id!).Properties.Conditions as Condition[]).find(
        (c) => c.Field === "http-header",
      );
      expect(header?.HttpHeaderConfig?.HttpHeaderName).toBe("X-Berth-Test");
      expect(JSON.stringify(header?.HttpHeaderConfig?.Values)).toContain(
        "{{resolve:secretsmanager:${TestHeaderSecret}:SecretString}}",
      );
    }
    expect(resource(production, "TestHeaderSecret").Properties.GenerateSecretString).toMatchObject({
      PasswordLength: 48,
      ExcludePunctuation: true,
    });
  });

  test("no listener rule a public client can match reaches a test target group: no header condition has a literal value", () => {
    for (const [id, rule] of rules) {
      for (const condition of rule.Properties.Conditions as Condition[]) {
        if (condition.Field !== "http-header") continue;
        for (const value of condition.HttpHeaderConfig?.Values ?? []) expect(typeof value, id).not.toBe("string");
      }
    }
  });
});

describe("releases can be rolled back by their alarms", () => {
  test("with the default bake, both release alarms can fire before the bake ends", () => {
    const bakeSeconds = (production.serviceDefinitions.web?.deploymentConfiguration?.bakeTimeInMinutes ?? 0) * 60;
    for (const id of ["WebErrorRateAlarm", "WebUnhealthyHostsAlarm"]) {
      const alarm = resource(production, id).Properties as {
        DatapointsToAlarm: number;
        Metrics: { MetricStat?: { Period: number } }[];
      };
      const period = Math.max(...alarm.Metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Period] : [])));
      // CloudWatch sees a minute's load balancer datapoint about a minute after it ends.
      expect(alarm.DatapointsToAlarm * period + 60, id).toBeLessThanOrEqual(bakeSeconds);
    }
  });
});

describe("cost: traffic and storage nobody needs to pay for", () => {
  test("a free S3 gateway endpoint sits on the route tables the tasks use", () => {
    expect(resource(production, "S3Endpoint").Properties).toMatchObject({
      VpcEndpointType: "Gateway",
      RouteTableIds: [{ Ref: "PrivateRouteTable1" }, { Ref: "PrivateRouteTable2" }],
    });
    expect(resource(preview, "S3Endpoint").Properties.RouteTableIds).toEqual([{ Ref: "PublicRouteTable" }]);
  });

  test("versioned buckets expire old versions, every bucket aborts abandoned uploads, and writers may abort theirs", () => {
    const rules = (
      resource(production, "UploadsBucket").Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }
    ).Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }),
    );
    expect(rules).toContainEqual(expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } }));
    expect(statements("WorkerTaskRole").find((s) => s.Sid === "UseObjects")?.Action).toContain(
      "s3:AbortMultipartUpload",
    );
  });
});

describe("each environment's footprint", () => {
  const staging = render(CASSANDRA, { env: "staging" });

  test("production has a database reader to fail over to; staging and previews have none", () => {
    expect(resource(production, "DatabaseReader1").Properties).toMatchObject({
      DBInstanceClass: "db.serverless",
      PromotionTier: 1,
    });
    expect(Object.keys(resources(staging, "AWS::RDS::DBInstance"))).toEqual(["DatabaseWriter"]);
    expect(Object.keys(resources(preview, "AWS::RDS::DBInstance"))).toEqual(["DatabaseWriter"]);
    const readers = render(CASSANDRA.replace('  version: "16.8"', '  version: "16.8"\n  readers: 2'), {
      env: "staging",
    });
    expect(Object.keys(resources(readers, "AWS::RDS::DBInstance")).sort()).toEqual([
      "DatabaseReader1",
      "DatabaseReader2",
      "DatabaseWriter",
    ]);
  });

  test("a preview runs one task per service on Fargate Spot and skips file system backups", () => {
    for (const service of ["web", "worker"]) {
      const definition = preview.serviceDefinitions[service];
      expect(definition?.capacityProviderStrategy).toEqual([{ capacityProvider: "FARGATE_SPOT", weight: 1 }]);
      expect(definition?.scaling?.target.MaxCapacity ?? definition?.desiredCount).toBeLessThanOrEqual(1);
    }
    expect(production.serviceDefinitions.web?.capacityProviderStrategy).toEqual([
      { capacityProvider: "FARGATE", weight: 1 },
    ]);
    expect(resource(preview, "MediaFileSystem").Properties.BackupPolicy).toEqual({ Status: "DISABLED" });
    expect(resource(production, "MediaFileSystem").Properties.BackupPolicy).toEqual({ Status: "ENABLED" });
  });
});

describe("alarms notify someone", () => {
  test("every rendered alarm notifies the environment's topic, which mails the manifest's alerts, when it fires and when it ends", () => {
    const alarms = resources(production, "AWS::CloudWatch::Alarm");
    expect(Object.keys(alarms).sort()).toEqual([
      "JobsDeadLetterAlarm",
      "ScheduleFailuresAlarm",
      "WebErrorRateAlarm",
      "WebLatencyAlarm",
      "WebLoadBalancerErrorRateAlarm",
      "WebUnhealthyHostsAlarm",
      "WorkerQueueAgeAlarm",
    ]);
    for (const [id, alarm] of Object.entries(alarms)) {
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: "AlertsTopic" }]);
      expect(alarm.Properties.OKActions, id).toEqual([{ Ref: "AlertsTopic" }]);
    }
    expect(resource(production, "AlertsEmail1").Properties).toMatchObject({
      Protocol: "email",
      Endpoint: "ops@cassandra.example",
      TopicArn: { Ref: "AlertsTopic" },
    });
  });

  test("a topic ARN in alerts (a chat integration) is notified directly", () => {
    const chat = "arn:aws:sns:eu-south-1:210987654321:chat";
    const r = render(CASSANDRA.replace('alerts: ["${CASSANDRA_ALERTS:-ops@cassandra.example}"]', `alerts: [${chat}]`), {
      env: "production",
    });
    expect(resource(r, "JobsDeadLetterAlarm").Properties.AlarmActions).toEqual([{ Ref: "AlertsTopic" }, chat]);
    expect(resources(r, "AWS::SNS::Subscription")).toEqual({});
  });

  test("a message in a dead-letter queue raises its alarm", () => {
    expect(resource(production, "JobsDeadLetterAlarm").Properties).toMatchObject({
      MetricName: "ApproximateNumberOfMessagesVisible",
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
    });
  });
});

describe("task definitions and the load balancer", () => {
  const hardened = render(`app: shop
services:
  api:
    image: x
    port: 80
    http: {}
    readOnlyRootFilesystem: true
    healthcheck: { command: "curl -f http://localhost/healthz || exit 1", interval: 10s, startPeriod: 20s }
`);

  test("a container health check is rendered as the manifest gives it, with ECS's defaults for the rest", () => {
    expect(hardened.taskDefinitions.api?.containerDefinitions?.[0]?.healthCheck).toEqual({
      command: ["CMD-SHELL", "curl -f http://localhost/healthz || exit 1"],
      interval: 10,
      timeout: 5,
      retries: 3,
      startPeriod: 20,
    });
    expect(production.taskDefinitions.web?.containerDefinitions?.[0]?.healthCheck).toBeUndefined();
  });

  test("a read-only root file system keeps a writable /tmp on the task's own storage", () => {
    const container = hardened.taskDefinitions.api?.containerDefinitions?.[0];
    expect(container?.readonlyRootFilesystem).toBe(true);
    expect(container?.mountPoints).toEqual([{ sourceVolume: "berth_tmp", containerPath: "/tmp", readOnly: false }]);
    expect(hardened.taskDefinitions.api?.volumes).toEqual([{ name: "berth_tmp" }]);
  });

  test("production's load balancer is protected from deletion until destroy lifts it; other environments' are not", () => {
    const protection = (r: typeof production) =>
      (resource(r, "LoadBalancer").Properties.LoadBalancerAttributes as { Key: string; Value: string }[]).find(
        (a) => a.Key === "deletion_protection.enabled",
      )?.Value;
    expect(protection(production)).toBe("true");
    expect(protection(preview)).toBe("false");
    expect(protection(render(CASSANDRA, { env: "production", teardown: "keep-data" }))).toBe("false");
  });
});

describe("what destroy removes and the engine berth picks", () => {
  test("destroy finds what a release created by the names render gave it", () => {
    const worker = production.serviceDefinitions.worker?.scaling;
    expect(worker?.target.ResourceId).toBe(scalingResourceId("{{stack:ClusterName}}", "worker"));
    expect(worker?.fromZero?.alarm.AlarmName).toBe(wakeAlarmName("{{stack:ClusterName}}", "worker"));
    expect(production.taskDefinitions.worker?.family).toBe(taskFamily("cassandra-production", "worker"));
  });

  test("the Aurora version rendered by default can pause at 0 ACUs, as previews ask", () => {
    const version = resource(preview, "Database").Properties.EngineVersion as string;
    expect(version).toBe(DEFAULT_ENGINE_VERSIONS["aurora-postgresql"]);
    expect(pausesAtZero("aurora-postgresql", version)).toBe(true);
    expect(resource(preview, "Database").Properties.ServerlessV2ScalingConfiguration).toMatchObject({ MinCapacity: 0 });
    expect(pausesAtZero("aurora-mysql", DEFAULT_ENGINE_VERSIONS["aurora-mysql"])).toBe(true);
  });
});

describe("load balancer access logs", () => {
  test("are on in production, with or without a region in the manifest, and off elsewhere unless asked for", () => {
    expect(resources(production, "AWS::S3::Bucket")).toHaveProperty("AccessLogsBucket");
    expect(resources(render(CASSANDRA, { env: "staging" }), "AWS::S3::Bucket")).not.toHaveProperty("AccessLogsBucket");
    const noRegion = render(CASSANDRA.replace("region: ${AWS_REGION:-eu-south-1}", ""), { env: "production" });
    expect(resources(noRegion, "AWS::S3::Bucket")).toHaveProperty("AccessLogsBucket");
  });

  test("go to a private, SSE-S3 bucket that only ELB's log delivery service may write to, in any Region", () => {
    for (const region of ["eu-south-1", "eu-central-2", undefined]) {
      const text = CASSANDRA.replace("region: ${AWS_REGION:-eu-south-1}", region ? `region: ${region}` : "");
      const r = render(text, { env: "production" });
      const attributes = resource(r, "LoadBalancer").Properties.LoadBalancerAttributes as {
        Key: string;
        Value: unknown;
      }[];
      expect(attributes).toContainEqual({ Key: "access_logs.s3.bucket", Value: { Ref: "AccessLogsBucket" } });
      expect((resource(r, "LoadBalancer") as ReturnType<typeof resource> & { DependsOn?: string }).DependsOn).toBe(
        "AccessLogsBucketPolicy",
      );
      const policy = resource(r, "AccessLogsBucketPolicy").Properties.PolicyDocument as {
        Statement: { Sid: string; Principal: unknown }[];
      };
      expect(policy.Statement.find((s) => s.Sid === "LoadBalancerWritesLogs")?.Principal).toEqual({
        Service: "logdelivery.elasticloadbalancing.amazonaws.com",
      });
    }
  });
});
