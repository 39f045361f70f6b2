import { describe, expect, test } from "vitest";
import { CASSANDRA, EXAMPLE_CERTIFICATE, HELLO, render, resource, resources } from "./helpers.js";

const WEB = (extra = "") =>
  `app: shop\nservices:\n  web:\n    image: x\n    port: 8080\n    http: { path: /api }\n${extra}`;

describe("network", () => {
  test.each([
    ["none", 0, "ENABLED"],
    ["single", 1, "DISABLED"],
    ["per-az", 3, "DISABLED"],
  ])("nat %s gives %i NAT gateways and tasks with public IP %s", (nat, gateways, publicIp) => {
    const r = render(`app: shop\nnetwork: { azs: 3, nat: ${nat} }\nservices: { w: { image: x } }\n`);
    expect(Object.keys(resources(r, "AWS::EC2::NatGateway"))).toHaveLength(gateways);
    expect(Object.keys(resources(r, "AWS::EC2::Subnet"))).toHaveLength(6);
    expect(r.serviceDefinitions.w?.networkConfiguration?.awsvpcConfiguration?.assignPublicIp).toBe(publicIp);
  });

  test("an existing VPC creates no network and hands its subnets to the services", () => {
    const r = render(
      "app: shop\nnetwork: { vpc: vpc-0123abcd, publicSubnets: [subnet-0aaa1111, subnet-0bbb2222], privateSubnets: [subnet-0ccc3333, subnet-0ddd4444] }\nservices: { w: { image: x } }\n",
    );
    expect(resources(r, "AWS::EC2::VPC")).toEqual({});
    expect(r.template.Outputs).toMatchObject({
      VpcId: { Value: "vpc-0123abcd" },
      TaskSubnet1: { Value: "subnet-0ccc3333" },
      TaskSubnet2: { Value: "subnet-0ddd4444" },
    });
  });
});

describe("load balancer", () => {
  test("without a certificate, HTTP carries the service rules", () => {
    const r = render(HELLO);
    expect(resources(r, "AWS::ElasticLoadBalancingV2::Listener")).toHaveProperty("HttpListener");
    expect(resource(r, "WebListenerRule").Properties.ListenerArn).toEqual({ Ref: "HttpListener" });
  });

  test("with a certificate, HTTP redirects to HTTPS, which carries the rules", () => {
    const r = render(CASSANDRA, { env: "production" });
    const http = resource(r, "HttpListener").Properties.DefaultActions as { Type: string }[];
    expect(http[0]?.Type).toBe("redirect");
    expect(resource(r, "HttpsListener").Properties.Certificates).toEqual([{ CertificateArn: EXAMPLE_CERTIFICATE }]);
    expect(resource(r, "WebListenerRule").Properties.ListenerArn).toEqual({ Ref: "HttpsListener" });
  });

  test("health checks and draining default to a fast release", () => {
    const tg = resource(render(HELLO), "WebTargetGroupA").Properties;
    expect(tg).toMatchObject({
      HealthCheckIntervalSeconds: 5,
      HealthyThresholdCount: 2,
      HealthCheckTimeoutSeconds: 4,
      TargetType: "ip",
    });
    expect(tg.TargetGroupAttributes).toEqual([{ Key: "deregistration_delay.timeout_seconds", Value: "15" }]);
  });

  test("a path routes the path and everything below it, to both target groups at 100/0", () => {
    const rule = resource(render(WEB()), "WebListenerRule").Properties;
    expect(rule.Conditions).toEqual([{ Field: "path-pattern", PathPatternConfig: { Values: ["/api", "/api/*"] } }]);
    expect(rule.Actions).toEqual([
      {
        Type: "forward",
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: { Ref: "WebTargetGroupA" }, Weight: 100 },
            { TargetGroupArn: { Ref: "WebTargetGroupB" }, Weight: 0 },
          ],
        },
      },
    ]);
  });

  test("the test rule matches the header and comes before every production rule", () => {
    const r = render(
      "app: shop\nservices:\n  a: { image: x, port: 80, http: {} }\n  b: { image: x, port: 80, http: { path: /b } }\n",
    );
    const priority = (id: string) => resource(r, id).Properties.Priority as number;
    expect(priority("BListenerRule")).toBeLessThan(priority("AListenerRule"));
    expect(Math.max(priority("ATestListenerRule"), priority("BTestListenerRule"))).toBeLessThan(
      priority("BListenerRule"),
    );
    expect(JSON.stringify(resource(r, "ATestListenerRule").Properties.Conditions)).toContain("X-Berth-Test");
  });

  test("live weights are kept, so an infrastructure update never moves traffic", () => {
    const r = render(WEB(), { traffic: { web: { production: { a: 0, b: 100 }, test: { a: 0, b: 100 } } } });
    expect(JSON.stringify(resource(r, "WebListenerRule").Properties.Actions)).toContain(
      '"WebTargetGroupA"},"Weight":0},{"TargetGroupArn":{"Ref":"WebTargetGroupB"},"Weight":100',
    );
  });

  test("each web service gets 5xx-rate, unhealthy-hosts, load-balancer 5xx and p99 alarms that its releases watch", () => {
    const r = render(WEB());
    expect(Object.keys(resources(r, "AWS::CloudWatch::Alarm"))).toEqual([
      "WebErrorRateAlarm",
      "WebUnhealthyHostsAlarm",
      "WebLoadBalancerErrorRateAlarm",
      "WebLatencyAlarm",
    ]);
    expect(r.serviceDefinitions.web?.deploymentConfiguration?.alarms).toEqual({
      alarmNames: [
        "shop-default-web/5xx-rate",
        "shop-default-web/unhealthy-hosts",
        "shop-default-web/elb-5xx-rate",
        "shop-default-web/p99-latency",
      ],
      enable: true,
      rollback: true,
    });
  });
});

describe("release definitions", () => {
  test("blue/green pauses after test traffic, rolling back if berth never continues", () => {
    const d = render(WEB())?.serviceDefinitions.web?.deploymentConfiguration;
    expect(d).toMatchObject({
      strategy: "BLUE_GREEN",
      bakeTimeInMinutes: 5,
      lifecycleHooks: [
        {
          targetType: "PAUSE",
          lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"],
          timeoutConfiguration: { action: "ROLLBACK" },
        },
      ],
    });
  });

  test("canary and linear carry their steps and bake times in minutes", () => {
    expect(
      render(WEB("    deploy: { strategy: canary, canary: { percent: 5, bake: 3m } }\n")).serviceDefinitions.web
        ?.deploymentConfiguration,
    ).toMatchObject({ strategy: "CANARY", canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 3 } });
    expect(
      render(WEB("    deploy: { strategy: linear, linear: { percent: 20, interval: 2m } }\n")).serviceDefinitions.web
        ?.deploymentConfiguration,
    ).toMatchObject({ strategy: "LINEAR", linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: 2 } });
  });

  test("the blue/green service names both target groups, its rules and the traffic role", () => {
    expect(render(WEB()).serviceDefinitions.web?.loadBalancers).toEqual([
      {
        targetGroupArn: "{{stack:WebTargetGroupA}}",
        containerName: "web",
        containerPort: 8080,
        advancedConfiguration: {
          alternateTargetGroupArn: "{{stack:WebTargetGroupB}}",
          productionListenerRule: "{{stack:WebListenerRule}}",
          testListenerRule: "{{stack:WebTestListenerRule}}",
          roleArn: "{{stack:InfrastructureRoleArn}}",
        },
      },
    ]);
  });

  test("workers roll with the circuit breaker and scale on backlog, waking from zero", () => {
    const worker = render(CASSANDRA).serviceDefinitions.worker!;
    expect(worker.deploymentConfiguration).toEqual({
      strategy: "ROLLING",
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    });
    expect(worker.scaling?.target).toMatchObject({ MinCapacity: 0, MaxCapacity: 20 });
    expect(worker.scaling?.policies.map((p) => p.PolicyName)).toEqual(["worker-backlog"]);
    expect(JSON.stringify(worker.scaling?.policies[0])).toContain("ApproximateNumberOfMessagesVisible");
    expect(worker.scaling?.fromZero?.policy.PolicyType).toBe("StepScaling");
  });

  test("a fixed count has no scaling; a range on CPU tracks CPU", () => {
    expect(render(WEB()).serviceDefinitions.web?.scaling).toBeUndefined();
    expect(
      render(CASSANDRA).serviceDefinitions.web?.scaling?.policies[0]?.TargetTrackingScalingPolicyConfiguration,
    ).toMatchObject({
      TargetValue: 60,
      PredefinedMetricSpecification: { PredefinedMetricType: "ECSServiceAverageCPUUtilization" },
    });
  });

  test("the task definition pins the image by placeholder and carries size, command, mounts and logs", () => {
    const task = render(CASSANDRA).taskDefinitions.web!;
    expect(task).toMatchObject({
      family: "cassandra-default-web",
      cpu: "512",
      memory: "1024",
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
    });
    const container = task.containerDefinitions![0]!;
    expect(container).toMatchObject({
      image: "{{image:web}}",
      command: ["gunicorn", "app.wsgi", "-b", "0.0.0.0:8000"],
      stopTimeout: 30,
      mountPoints: [{ sourceVolume: "media", containerPath: "/mnt/media", readOnly: false }],
    });
    expect(container.logConfiguration?.options?.["awslogs-group"]).toBe("{{stack:WebLogGroup}}");
  });

  test("services get the connection settings of what they use", () => {
    const env = Object.fromEntries(
      render(CASSANDRA).taskDefinitions.worker!.containerDefinitions![0]!.environment!.map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({
      DATABASE_HOST: "{{stack:DatabaseEndpoint}}",
      DATABASE_NAME: "cassandra",
      BUCKET_UPLOADS: "{{stack:UploadsBucketName}}",
      QUEUE_JOBS_URL: "{{stack:JobsQueueUrl}}",
    });
  });

  test("arm64 services run on Graviton", () => {
    expect(
      render("app: shop\nservices: { w: { image: x, arch: arm64 } }\n").taskDefinitions.w?.runtimePlatform
        ?.cpuArchitecture,
    ).toBe("ARM64");
  });
});

describe("app stack", () => {
  test("each built service gets a retained, scanned repository named app/service", () => {
    const app = render(CASSANDRA).appTemplate;
    const repos = Object.entries(app.Resources).filter(
      ([, r]) => (r as { Type: string }).Type === "AWS::ECR::Repository",
    ) as [string, { Properties: { RepositoryName: string }; DeletionPolicy: string }][];
    expect(repos.map(([id, r]) => [id, r.Properties.RepositoryName, r.DeletionPolicy])).toEqual([
      ["WebRepository", "cassandra/web", "Retain"],
      ["WorkerRepository", "cassandra/worker", "Retain"],
    ]);
  });

  test("an app of prebuilt images has an app stack with only berth's table and template bucket (and its logs); the table outlives the stack", () => {
    const app = render(HELLO).appTemplate;
    expect(Object.keys(app.Resources)).toEqual([
      "BerthTable",
      "TemplateBucket",
      "TemplateBucketPolicy",
      "TemplateAccessLogsBucket",
      "TemplateAccessLogsBucketPolicy",
    ]);
    expect(app.Resources.BerthTable).toMatchObject({
      Type: "AWS::DynamoDB::Table",
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: {
        TableName: "hello-berth",
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
    });
    expect(app.Outputs.BerthTable).toEqual({ Value: { Ref: "BerthTable" } });
  });

  test("the template bucket is private, encrypted, TLS only, retained, and forgets templates after a week", () => {
    const app = render(HELLO).appTemplate;
    expect(app.Resources.TemplateBucket).toMatchObject({
      Type: "AWS::S3::Bucket",
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
        },
        LifecycleConfiguration: { Rules: [{ Status: "Enabled", ExpirationInDays: 7 }] },
      },
    });
    expect(app.Resources.TemplateBucketPolicy).toMatchObject({
      Properties: {
        PolicyDocument: {
          Statement: [{ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }],
        },
      },
    });
    expect(app.Outputs.TemplateBucket).toEqual({ Value: { Ref: "TemplateBucket" } });
  });
});

describe("another registry", () => {
  const r = render("app: shop\nregistry: ghcr.io/acme\nservices:\n  web: { build: ., port: 80, http: {} }\n");

  test("built images are pulled with the credentials push stored, and there is no ECR repository", () => {
    expect(r.taskDefinitions.web?.containerDefinitions?.[0]?.repositoryCredentials).toEqual({
      credentialsParameter: "{{pullCredentials}}",
    });
    expect(Object.keys(r.appTemplate.Resources)).toEqual([
      "BerthTable",
      "TemplateBucket",
      "TemplateBucketPolicy",
      "TemplateAccessLogsBucket",
      "TemplateAccessLogsBucketPolicy",
    ]);
  });

  test("the execution role reads that one secret and pulls nothing from ECR", () => {
    const policy = JSON.stringify(resource(r, "WebExecutionRole").Properties.Policies);
    expect(policy).toContain("secret:berth/shop/registry/ghcr.io-??????");
    expect(policy).not.toContain("ecr:");
  });
});
