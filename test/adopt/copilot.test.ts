import { describe, expect, test } from "vitest";
import { adoptCopilot } from "../../src/adopt/copilot.js";
import { copilot, service } from "./helpers.js";

const web = (extra = "") =>
  `name: api\ntype: Load Balanced Web Service\nimage:\n  build: api/Dockerfile\n  port: 8080\n${extra}`;

describe("Copilot workloads", () => {
  test("a Load Balanced Web Service is a web service: path, healthcheck, alias as host, deregistration delay", () => {
    const a = copilot({
      "api/manifest.yml": web(
        "http:\n  path: api\n  alias: api.example.com\n  deregistration_delay: 20s\n  healthcheck:\n    path: /healthz\n    success_codes: '200,204'\n    healthy_threshold: 3\n    timeout: 10s\n    grace_period: 45s\n",
      ),
    });
    expect(service(a, "api")).toMatchObject({
      build: "api",
      port: 8080,
      http: {
        path: "/api",
        host: "api.example.com",
        deregistrationDelay: 20,
        healthcheck: { path: "/healthz", status: "200,204", healthyThreshold: 3, timeout: 10, interval: 30, grace: 45 },
      },
    });
    expect(a.said).toContain("http.healthcheck.interval 30, Copilot's default");
  });

  test("a second alias and the rules berth has no key for are left", () => {
    const a = copilot({
      "api/manifest.yml": web("http:\n  path: /\n  alias: [a.example.com, b.example.com]\n  stickiness: true\n"),
    });
    expect(service(a, "api").http).toEqual({ path: "/", host: "a.example.com" });
    expect(a.report.left.map((l) => l.item)).toEqual(
      expect.arrayContaining([
        "copilot/api/manifest.yml: http.alias b.example.com",
        "copilot/api/manifest.yml: http.stickiness",
      ]),
    );
  });

  test("a Backend Service keeps its port and container health check, without http", () => {
    const a = copilot({
      "be/manifest.yml":
        "name: be\ntype: Backend Service\nimage:\n  location: public.ecr.aws/acme/be:2\n  port: 80\n  healthcheck:\n    command: [CMD-SHELL, 'curl -f http://localhost/ || exit 1']\n    interval: 1m0s\n",
    });
    expect(service(a, "be")).toEqual({
      image: "public.ecr.aws/acme/be:2",
      port: 80,
      healthcheck: { command: "curl -f http://localhost/ || exit 1", interval: "60s" },
    });
  });

  test("a Worker Service consumes a queue of its own; its topics are left and their publisher may send to the queue", () => {
    const a = copilot({
      "pub/manifest.yml":
        "name: pub\ntype: Backend Service\nimage: { build: pub/Dockerfile }\npublish: { topics: [{ name: orders }] }\n",
      "jobs/manifest.yml":
        "name: jobs\ntype: Worker Service\nimage: { build: jobs/Dockerfile }\nsubscribe:\n  queue: { timeout: 5m, retention: 2d, dead_letter: { tries: 4 } }\n  topics: [{ name: orders, service: pub }]\ncount:\n  range: 0-10\n  queue_delay: { acceptable_latency: 10m, msg_processing_time: 30s }\n",
    });
    expect(a.manifest.queues).toEqual({ jobs: { visibilityTimeout: "300s", deadLetter: { maxReceives: 4 } } });
    expect(service(a, "jobs")).toMatchObject({ queue: "jobs", count: { min: 0, max: 10, backlogPerTask: 20 } });
    expect(service(a, "pub").uses).toEqual(["jobs"]);
    expect(a.report.left).toContainEqual(
      expect.objectContaining({
        item: "copilot/jobs/manifest.yml: subscribe.topics orders (from pub)",
        why: expect.stringContaining("no SNS fan-out"),
      }),
    );
    expect(a.report.left).toContainEqual(expect.objectContaining({ item: "copilot/pub/manifest.yml: publish" }));
    expect(a.report.left).toContainEqual(
      expect.objectContaining({ item: "copilot/jobs/manifest.yml: COPILOT_QUEUE_URI" }),
    );
  });

  test("a Scheduled Job becomes a service that runs no task and a schedule that runs its command, in UTC", () => {
    const a = copilot({
      "api/manifest.yml": web("http: { path: / }\n"),
      "nightly/manifest.yml":
        "name: nightly\ntype: Scheduled Job\non: { schedule: '0 3 * * *' }\nimage: { build: nightly/Dockerfile }\ncommand: python manage.py clearsessions\nretries: 3\ntimeout: 1h\nvariables: { LOG_LEVEL: info }\n",
    });
    expect(service(a, "nightly")).toMatchObject({ count: 0, env: { LOG_LEVEL: "info" } });
    expect(service(a, "nightly").command).toBeUndefined();
    expect(a.manifest.schedules).toEqual({
      nightly: { service: "nightly", command: ["python", "manage.py", "clearsessions"], cron: "0 3 * * *" },
    });
    expect(a.said).toContain('schedules.nightly: cron "0 3 * * *" in UTC, as Copilot read it');
    expect(a.report.left.map((l) => l.item)).toEqual(
      expect.arrayContaining(["copilot/nightly/manifest.yml: retries 3", "copilot/nightly/manifest.yml: timeout 1h"]),
    );
  });

  test.each([
    ["@daily", { cron: "@daily" }],
    ["@every 1h30m", { rate: "90m" }],
    ["rate(15 minutes)", { rate: "15m" }],
  ])("Copilot's schedule %s is berth's %o", (schedule, timing) => {
    const a = copilot({
      "api/manifest.yml": web(),
      "job/manifest.yml": `name: job\ntype: Scheduled Job\non: { schedule: '${schedule}' }\nimage: { location: busybox:1 }\ncommand: [true]\n`,
    });
    expect(a.manifest.schedules).toEqual({ job: { service: "job", command: ["true"], ...timing } });
  });

  test("a job berth cannot schedule is left with why: none, seconds, no command of its own", () => {
    const job = (schedule: string, command = "command: [true]\n") =>
      `name: job\ntype: Scheduled Job\non: { schedule: '${schedule}' }\nimage: { location: busybox:1 }\n${command}`;
    const left = (manifest: string) =>
      copilot({ "api/manifest.yml": web(), "job/manifest.yml": manifest }).report.left.find((l) =>
        l.item.startsWith("copilot/job/manifest.yml (Scheduled Job"),
      )?.why;
    expect(left(job("none"))).toContain("Copilot runs it only by hand");
    expect(left(job("@every 90s"))).toContain("not a whole number of minutes");
    expect(left(job("@daily", ""))).toContain("runs its image's own command");
  });

  test("an environment's own schedule for a job goes to that environment's schedules:, when of the same kind", () => {
    const job = (schedule: string) =>
      `name: job\ntype: Scheduled Job\non: { schedule: '@daily' }\nimage: { location: busybox:1 }\ncommand: [true]\nenvironments:\n  test:\n    on: { schedule: '${schedule}' }\n`;
    const adopt = (schedule: string) =>
      copilot({
        "api/manifest.yml": web(),
        "job/manifest.yml": job(schedule),
        "environments/test/manifest.yml": "name: test\ntype: Environment\n",
      });
    const a = adopt("0 6 * * 1-5");
    expect((a.manifest.environments as Record<string, Record<string, unknown>>).test?.schedules).toEqual({
      job: { cron: "0 6 * * 1-5" },
    });
    expect(adopt("@every 6h").report.left).toContainEqual(
      expect.objectContaining({
        item: "copilot/job/manifest.yml environments.test: on.schedule @every 6h",
        why: expect.stringContaining("can change it but not swap it for a rate"),
      }),
    );
  });

  test("a Request-Driven Web Service (App Runner) is left to add by hand", () => {
    const a = copilot({
      "api/manifest.yml": web(),
      "site/manifest.yml":
        "name: site\ntype: Request-Driven Web Service\nimage: { build: site/Dockerfile, port: 80 }\n",
    });
    expect(a.report.left).toContainEqual(
      expect.objectContaining({ item: "copilot/site/manifest.yml (Request-Driven Web Service)" }),
    );
  });

  test("count with a range scales on cpu or requests; memory and response time are left", () => {
    const a = copilot({
      "api/manifest.yml": web(
        "count:\n  range: { min: 2, max: 8 }\n  cpu_percentage: 70\n  requests: 500\n  memory_percentage: 80\n",
      ),
    });
    expect(service(a, "api").count).toEqual({ min: 2, max: 8, cpu: 70, requests: 500 });
    expect(a.report.left).toContainEqual(
      expect.objectContaining({ item: "copilot/api/manifest.yml: count.memory_percentage" }),
    );
  });

  test("cpu and memory Fargate does not pair are moved to the nearest size", () => {
    const a = copilot({ "api/manifest.yml": web("cpu: 512\nmemory: 512\nplatform: linux/arm64\n") });
    expect(service(a, "api")).toMatchObject({ cpu: 512, memory: 1024, arch: "arm64" });
  });

  test("variables are env, credential-looking ones secrets to create; secrets keep their SSM or Secrets Manager names", () => {
    const a = copilot({
      "api/manifest.yml": web(
        "variables:\n  LOG_LEVEL: info\n  SIGNING_KEY: 9f8e7d6c5b4a39281706f5e4d3c2b1a0\nsecrets:\n  GITHUB_TOKEN: GITHUB_TOKEN\n  DB_PW: { secretsmanager: 'demo/test/mysql:password::' }\n  API: arn:aws:ssm:us-east-1:123456789012:parameter/shop/api\n  FROM_STACK: { from_cfn: other-export }\n",
      ),
    });
    expect(service(a, "api")).toMatchObject({
      env: { LOG_LEVEL: "info" },
      secrets: {
        SIGNING_KEY: "secretsmanager:shop-berth/SIGNING_KEY",
        GITHUB_TOKEN: "ssm:GITHUB_TOKEN",
        DB_PW: "secretsmanager:demo/test/mysql#password",
        API: "ssm:/shop/api",
      },
    });
    expect(a.text).not.toContain("9f8e7d6c5b4a39281706f5e4d3c2b1a0");
    expect(a.report.left).toContainEqual(
      expect.objectContaining({ item: "copilot/api/manifest.yml: secrets.FROM_STACK" }),
    );
  });

  test("managed EFS volumes become berth volumes; an existing file system and ephemeral storage are left", () => {
    const a = copilot({
      "api/manifest.yml": web(
        "storage:\n  ephemeral: 50\n  volumes:\n    userUploads: { path: /data, read_only: false, efs: true }\n    shared: { path: /shared, efs: { id: fs-0123456789abcdef0 } }\n",
      ),
    });
    expect(a.manifest.volumes).toEqual({ "user-uploads": {} });
    expect(service(a, "api").volumes).toEqual({ "user-uploads": "/data" });
    expect(a.report.left.map((l) => l.item)).toEqual(
      expect.arrayContaining([
        "copilot/api/manifest.yml: storage.ephemeral",
        "copilot/api/manifest.yml: storage.volumes.shared",
      ]),
    );
  });

  test("sidecars, logging and other sections berth has no key for are each listed", () => {
    const a = copilot({
      "api/manifest.yml": web(
        "sidecars: { nginx: { image: nginx } }\nlogging: { destination: { Name: cloudwatch } }\ntaskdef_overrides: []\nexec: true\n",
      ),
    });
    expect(a.report.left.map((l) => l.item)).toEqual(
      expect.arrayContaining([
        "copilot/api/manifest.yml: sidecars",
        "copilot/api/manifest.yml: logging",
        "copilot/api/manifest.yml: taskdef_overrides",
        "copilot/api/manifest.yml: exec",
      ]),
    );
  });
});

describe("environments", () => {
  test("a workload's per-environment overrides become berth's environments, over the base", () => {
    const a = copilot({
      "api/manifest.yml": web(
        "http: { path: /, alias: test.example.com }\ncount: 1\nenvironments:\n  prod:\n    count: 4\n    http: { alias: www.example.com }\n    variables: { LOG_LEVEL: warn }\n",
      ),
    });
    expect(a.manifest.environments).toEqual({
      prod: { services: { api: { count: 4, http: { host: "www.example.com" }, env: { LOG_LEVEL: "warn" } } } },
    });
    expect(a.said).toContain("rename prod to production");
  });

  test("an environment manifest's imported VPC, certificate, access logs and Container Insights map; the rest is listed", () => {
    const a = copilot({
      "api/manifest.yml": web("http: { path: / }\n"),
      "environments/staging/manifest.yml":
        "name: staging\ntype: Environment\nnetwork:\n  vpc:\n    id: vpc-0abc12345678\n    subnets:\n      public: [{ id: subnet-0aaa1111 }, { id: subnet-0bbb2222 }]\n      private: [{ id: subnet-0ccc3333 }, { id: subnet-0ddd4444 }]\nhttp:\n  public:\n    certificates: [arn:aws:acm:eu-west-1:210987654321:certificate/abc-123, arn:aws:acm:eu-west-1:210987654321:certificate/def-456]\n    access_logs: true\ncdn: true\nobservability: { container_insights: true }\n",
    });
    expect(a.manifest.environments).toEqual({
      staging: {
        network: {
          vpc: "vpc-0abc12345678",
          publicSubnets: ["subnet-0aaa1111", "subnet-0bbb2222"],
          privateSubnets: ["subnet-0ccc3333", "subnet-0ddd4444"],
        },
        certificate: "arn:aws:acm:eu-west-1:210987654321:certificate/abc-123",
        accessLogs: true,
        observability: { containerInsights: true },
      },
    });
    expect(a.report.left.map((l) => l.item)).toEqual(
      expect.arrayContaining([
        "copilot/environments/staging/manifest.yml: certificate arn:aws:acm:eu-west-1:210987654321:certificate/def-456",
        "copilot/environments/staging/manifest.yml: cdn",
      ]),
    );
    expect(a.report.left.map((l) => l.item)).not.toContain("copilot/environments/staging/manifest.yml: observability");
    expect(a.report.left.map((l) => l.item).join("\n")).not.toContain("access_logs");
  });

  test("access logs to a bucket of the team's become berth's access logs, and the bucket is listed as left", () => {
    const a = copilot({
      "api/manifest.yml": web("http: { path: / }\n"),
      "environments/staging/manifest.yml":
        "name: staging\ntype: Environment\nhttp:\n  public:\n    access_logs: { bucket_name: team-logs, prefix: lb }\n",
    });
    expect(a.manifest.environments).toEqual({ staging: { accessLogs: true } });
    expect(a.report.left.map((l) => l.item)).toContain(
      "copilot/environments/staging/manifest.yml: http.public.access_logs.bucket_name",
    );
  });
});

describe("add-ons", () => {
  const aurora =
    "Parameters:\n  dbName: { Type: String, Default: orders }\nResources:\n  dbDBCluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n      EngineVersion: '14.4'\n      DatabaseName: !Ref dbName\n  dbDBWriterInstance:\n    Type: AWS::RDS::DBInstance\n  dbSecurityGroup:\n    Type: AWS::EC2::SecurityGroup\nOutputs:\n  dbSecret: { Value: !Ref dbAuroraSecret }\n";

  test("an Aurora Serverless add-on becomes the database, used by its service; the secret variable change is listed", () => {
    const a = copilot({ "api/manifest.yml": web(), "api/addons/db.yml": aurora });
    expect(a.manifest.database).toEqual({ engine: "aurora-postgresql", version: "14.12", name: "orders" });
    expect(service(a, "api").uses).toEqual(["database"]);
    expect(a.report.left).toContainEqual(
      expect.objectContaining({ item: "copilot/api/addons/db.yml: dbDBCluster: the DB_SECRET variable" }),
    );
  });

  test("an S3 add-on becomes a bucket (versioned when it was); DynamoDB and other resources are left", () => {
    const a = copilot({
      "api/manifest.yml": web(),
      "api/addons/store.yml":
        "Resources:\n  assetsBucket:\n    Type: AWS::S3::Bucket\n    Properties: { VersioningConfiguration: { Status: Enabled } }\n  ordersTable:\n    Type: AWS::DynamoDB::Table\n  topic:\n    Type: AWS::SNS::Topic\n",
    });
    expect(a.manifest.buckets).toEqual({ assets: { versioned: true } });
    expect(service(a, "api").uses).toEqual(["assets"]);
    expect(a.report.left.map((l) => l.item)).toEqual(
      expect.arrayContaining([
        "copilot/api/addons/store.yml: ordersTable (DynamoDB table)",
        "copilot/api/addons/store.yml: topic (AWS::SNS::Topic)",
      ]),
    );
  });

  test("the cutover steps name every add-on resource that holds data, and what copilot app delete removes", () => {
    const a = copilot({
      "api/manifest.yml": web(),
      "api/addons/db.yml": aurora,
      "api/addons/t.yml": "ordersTable: { Type: AWS::DynamoDB::Table }\n",
    });
    const cutover = a.report.steps.at(-1)!;
    expect(cutover.title).toBe("Cut over from Copilot (shop) to berth (shop-berth), keeping the data");
    const text = cutover.lines.join("\n");
    expect(text).toContain("copilot/api/addons/db.yml: dbDBCluster (AWS::RDS::DBCluster)");
    expect(text).toContain("copilot/api/addons/t.yml: ordersTable (AWS::DynamoDB::Table)");
    expect(text).toContain("DeletionPolicy: Retain");
    expect(text).toContain("managed EFS file system");
    expect(a.report.steps.map((s) => s.title)).toContain(
      "Copy the database from Copilot's Aurora cluster into berth's",
    );
    // Or no copy at all: the cluster attached where it is.
    expect(a.said).toContain("keep the cluster where it is with database.existing");
  });
});

describe("refusals", () => {
  const refused = (files: Record<string, string>, app?: string) =>
    adoptCopilot({ files, folder: "copilot", projectDir: ".", ...(app ? { app } : {}) });

  test("a folder without .workspace is not a Copilot workspace", () => {
    expect(refused({ "api/manifest.yml": web() })).toMatchObject({
      ok: false,
      message: "copilot: no .workspace file, so not a Copilot workspace",
    });
  });

  test("a .workspace without an application name, or a workspace without manifests, is refused", () => {
    expect(refused({ ".workspace": "path: x\n", "api/manifest.yml": web() })).toMatchObject({
      ok: false,
      message: expect.stringContaining("no application name"),
    });
    expect(refused({ ".workspace": "application: shop\n" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("no service manifests"),
    });
  });

  test("a manifest that is not YAML is refused at its position", () => {
    expect(refused({ ".workspace": "application: shop\n", "api/manifest.yml": "name: [api\n" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^copilot\/api\/manifest\.yml:\d+:\d+: not valid YAML/),
    });
  });

  test("berth's app may not take the Copilot application's name: the stacks would be the same", () => {
    expect(refused({ ".workspace": "application: shop\n", "api/manifest.yml": web() }, "shop")).toMatchObject({
      ok: false,
      hint: expect.stringContaining("<app>-<env>"),
    });
  });

  test("a workspace with only jobs is refused", () => {
    expect(
      refused({ ".workspace": "application: shop\n", "n/manifest.yml": "name: n\ntype: Scheduled Job\n" }),
    ).toMatchObject({ ok: false, message: expect.stringContaining("no service berth can run") });
  });
});

describe("Copilot's own variables", () => {
  test("secrets from copilot secret init name the application and each environment: berth's ${environment}", () => {
    const a = copilot({
      "api/manifest.yml": web(
        "secrets:\n  GITHUB_TOKEN: /copilot/${COPILOT_APPLICATION_NAME}/${COPILOT_ENVIRONMENT_NAME}/secrets/GITHUB_TOKEN\nenvironments:\n  test: { count: 1 }\n  prod: { count: 3 }\n",
      ),
    });
    expect(service(a, "api").secrets).toEqual({
      GITHUB_TOKEN: "ssm:/copilot/shop/${environment}/secrets/GITHUB_TOKEN",
    });
    expect(a.manifest.environments).toEqual({
      test: { services: { api: { count: 1 } } },
      prod: { services: { api: { count: 3 } } },
    });
  });

  test("a variable naming Copilot's environment is written out per environment, the base taking the first", () => {
    const a = copilot({
      "api/manifest.yml": web(
        "variables:\n  STAGE: ${COPILOT_ENVIRONMENT_NAME}\nenvironments:\n  test: { count: 1 }\n  prod: { count: 3 }\n",
      ),
    });
    expect(service(a, "api").env).toEqual({ STAGE: "test" });
    expect(a.manifest.environments).toMatchObject({
      test: { services: { api: { env: { STAGE: "test" } } } },
      prod: { services: { api: { env: { STAGE: "prod" } } } },
    });
  });

  test("count: { spot: N } runs N tasks on Fargate, and says Spot is not mapped", () => {
    const a = copilot({ "api/manifest.yml": web("count: { spot: 2 }\n") });
    expect(service(a, "api").count).toBe(2);
    expect(a.report.left).toContainEqual(expect.objectContaining({ item: "copilot/api/manifest.yml: count.spot" }));
  });
});

test("a credential among a Copilot build's args is left out of berth.yml and listed", () => {
  const a = copilot({
    "api/manifest.yml":
      "name: api\ntype: Backend Service\nimage:\n  build: { dockerfile: api/Dockerfile, args: { GH_TOKEN: ghp_16C7e42F292c6912E7710c838347Ae178B4a } }\n",
  });
  expect(service(a, "api").build).toBe("api");
  expect(a.text).not.toContain("ghp_16C7e42F292c6912E7710c838347Ae178B4a");
  expect(a.report.left).toContainEqual(
    expect.objectContaining({ item: "copilot/api/manifest.yml: image.build.args.GH_TOKEN" }),
  );
});

test("an environment add-on's bucket becomes a bucket of the app, and the report says to give it to its services", () => {
  const a = copilot({
    "api/manifest.yml": web(),
    "environments/addons/shared.yml": "Resources:\n  sharedBucket: { Type: AWS::S3::Bucket }\n",
    "environments/addons/addons.parameters.yml": "Parameters: {}\n",
  });
  expect(a.manifest.buckets).toEqual({ shared: {} });
  expect(service(a, "api").uses).toBeUndefined();
  expect(a.said).toContain("environment add-ons: no service was given uses:");
  expect(a.report.left).toContainEqual(
    expect.objectContaining({ item: "copilot/environments/addons/addons.parameters.yml" }),
  );
});
