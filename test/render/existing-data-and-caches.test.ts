import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { taskSecurityGroups } from "../../src/render/service-definition.js";
import { renderTaskDefinition } from "../../src/render/task-definition.js";
import { toYaml } from "../../src/render/template-yaml.js";
import { manifestOf, render, resource, resources } from "./helpers.js";

const SECRET = "arn:aws:secretsmanager:eu-south-1:210987654321:secret:orders-db-login-AbCdEf";
const EXISTING = `app: shop
network: { vpc: vpc-0123abcd, publicSubnets: [subnet-0aaa1111, subnet-0bbb2222], privateSubnets: [subnet-0ccc3333, subnet-0ddd4444] }
services:
  web: { image: x, port: 80, http: {}, uses: [database, uploads, sessions], volumes: { media: /mnt/media }, egress: https }
  worker: { image: x, uses: [sessions] }
database:
  existing: { cluster: orders-db, endpoint: orders-db.cluster-c1ab2cd3.eu-south-1.rds.amazonaws.com, secret: "${SECRET}", securityGroup: sg-0123abcd }
buckets: { uploads: { existing: acme-uploads } }
volumes: { media: { existing: fs-0123abcd, securityGroup: sg-0456abcd } }
caches: { sessions: {} }
environments: { staging: {}, production: {} }
`;

/** Every resource type that could hold the data, and so could delete it with a stack. */
const DATA_TYPES = [
  "AWS::RDS::DBCluster",
  "AWS::RDS::DBInstance",
  "AWS::S3::Bucket",
  "AWS::S3::BucketPolicy",
  "AWS::EFS::FileSystem",
  "AWS::EFS::MountTarget",
  "AWS::EFS::AccessPoint",
];

describe("existing data", () => {
  test("no stack owns an existing cluster, bucket or file system, in any environment or teardown", () => {
    for (const env of ["staging", "production", "pr-3"]) {
      for (const teardown of [undefined, "keep-data", "delete-data"] as const) {
        const rendered = render(EXISTING, { env, ...(teardown ? { teardown } : {}) });
        // Production's load balancer access logs go to a bucket of berth's own, not the existing ones.
        const owning = Object.entries(resources(rendered)).filter(
          ([id, r]) => DATA_TYPES.includes(r.Type) && !id.startsWith("AccessLogsBucket"),
        );
        expect(owning.map(([id]) => id)).toEqual([]);
        // The only berth resources naming them are its own inbound rules on their security groups.
        const text = JSON.stringify({ ...rendered.template.Resources, ...rendered.services });
        expect(text).not.toContain('"orders-db"');
        const rules = resources(rendered, "AWS::EC2::SecurityGroupIngress");
        expect(Object.values(rules).map((r) => r.Properties.GroupId)).toEqual(
          expect.arrayContaining(["sg-0123abcd", "sg-0456abcd"]),
        );
      }
    }
  });

  test("with egress: https, a service reaches the existing cluster's and mount targets' groups, and its cache's", () => {
    const egress = resource(render(EXISTING), "WebSecurityGroup").Properties.SecurityGroupEgress as Record<
      string,
      unknown
    >[];
    expect(egress.map((rule) => [rule.FromPort, rule.DestinationSecurityGroupId])).toEqual([
      [443, undefined],
      [5432, "sg-0123abcd"],
      [2049, "sg-0456abcd"],
      [6379, { Ref: "SessionsCacheSecurityGroupGroupId" }],
    ]);
  });

  test("a service reaches an existing bucket by its own ARN, and only its objects", () => {
    const rendered = render(EXISTING);
    const role = resource(rendered, "WebTaskRole");
    const statements = (role.Properties.Policies as { PolicyDocument: { Statement: { Sid: string }[] } }[])[0]!
      .PolicyDocument.Statement;
    expect(statements.find((s) => s.Sid === "ListBuckets")).toMatchObject({
      Action: "s3:ListBucket",
      Resource: [{ "Fn::Sub": "arn:${AWS::Partition}:s3:::acme-uploads" }],
    });
    expect(statements.find((s) => s.Sid === "UseObjects")).toMatchObject({
      Resource: [{ "Fn::Sub": "arn:${AWS::Partition}:s3:::acme-uploads/*" }],
    });
    // An existing cluster's login is its secret's, not an IAM login berth would have to create in it.
    expect(statements.map((s) => s.Sid)).not.toContain("ConnectToDatabase");
  });

  test("a service mounts an existing file system at its root, granted on that file system only", () => {
    const policy = resource(render(EXISTING), "WebMountMediaPolicy");
    const [statement] = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(statement).toEqual({
      Sid: "MountMedia",
      Effect: "Allow",
      Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
      Resource: {
        "Fn::Sub": "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/fs-0123abcd",
      },
    });
    const m = manifestOf(EXISTING);
    const volume = renderTaskDefinition(m, m.services.web!).volumes![0]!;
    expect(volume.efsVolumeConfiguration).toEqual({
      fileSystemId: "{{stack:MediaFileSystemId}}",
      transitEncryption: "ENABLED",
      authorizationConfig: { iam: "ENABLED" },
    });
    expect(render(EXISTING).template.Outputs.MediaFileSystemId).toEqual({ Value: "fs-0123abcd" });
  });

  test("a service that uses an existing cluster gets its endpoint and the secret's login, which only it may read", () => {
    const m = manifestOf(EXISTING);
    const container = renderTaskDefinition(m, m.services.web!).containerDefinitions![0]!;
    expect(container.environment).toEqual(
      expect.arrayContaining([
        { name: "DATABASE_HOST", value: "{{stack:DatabaseEndpoint}}" },
        { name: "DATABASE_AUTH", value: "password" },
      ]),
    );
    expect(container.secrets).toEqual(
      expect.arrayContaining([
        { name: "DATABASE_USER", valueFrom: `${SECRET}:username::` },
        { name: "DATABASE_PASSWORD", valueFrom: `${SECRET}:password::` },
      ]),
    );
    const outputs = render(EXISTING).template.Outputs;
    expect(outputs.DatabaseEndpoint).toEqual({ Value: "orders-db.cluster-c1ab2cd3.eu-south-1.rds.amazonaws.com" });
    expect(outputs.DatabasePort).toEqual({ Value: "5432" });
    const execution = JSON.stringify(resource(render(EXISTING), "WebExecutionRole").Properties);
    expect(execution).toContain(SECRET);
    expect(JSON.stringify(resource(render(EXISTING), "WorkerExecutionRole").Properties)).not.toContain(SECRET);
  });
});

describe("caches", () => {
  test("a cache is Valkey with cluster mode disabled, encrypted, TLS-only, its AUTH token generated by Secrets Manager", () => {
    const group = resource(render(EXISTING, { env: "staging" }), "SessionsCache");
    expect(group.Properties).toMatchObject({
      Engine: "valkey",
      CacheNodeType: "cache.t4g.micro",
      NumCacheClusters: 1,
      AutomaticFailoverEnabled: false,
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
      AuthToken: { "Fn::Sub": "{{resolve:secretsmanager:${SessionsCacheAuthSecret}:SecretString:token}}" },
    });
    // Cluster mode (shards) is what Django's and Celery's Redis backends cannot use.
    expect(group.Properties).not.toHaveProperty("NumNodeGroups");
    expect(resource(render(EXISTING, { env: "staging" }), "SessionsCacheAuthSecret").Properties).toMatchObject({
      GenerateSecretString: { GenerateStringKey: "token", ExcludePunctuation: true },
      // Under the stack's name, where the deploy roles may create secrets; new when the stack is.
      Name: { "Fn::Sub": ["${AWS::StackName}-cache-sessions-${Uuid}", { Uuid: expect.anything() }] },
    });
  });

  test("in production a cache has a replica in another zone to fail over to", () => {
    expect(resource(render(EXISTING, { env: "production" }), "SessionsCache").Properties).toMatchObject({
      CacheNodeType: "cache.t4g.small",
      NumCacheClusters: 2,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
    });
  });

  test("a service that uses a cache carries its client group and receives where it is and its token", () => {
    const m = manifestOf(EXISTING);
    const container = renderTaskDefinition(m, m.services.worker!).containerDefinitions![0]!;
    expect(container.environment).toEqual(
      expect.arrayContaining([
        { name: "CACHE_SESSIONS_HOST", value: "{{stack:SessionsCacheEndpoint}}" },
        { name: "CACHE_SESSIONS_URL", value: "rediss://{{stack:SessionsCacheEndpoint}}:{{stack:SessionsCachePort}}/0" },
      ]),
    );
    expect(container.secrets).toEqual([
      { name: "CACHE_SESSIONS_AUTH_TOKEN", valueFrom: "{{stack:SessionsCacheAuthSecret}}:token::" },
    ]);
    const ingress = resource(render(EXISTING), "SessionsCacheIngressFromClients").Properties;
    expect(ingress).toMatchObject({
      SourceSecurityGroupId: { "Fn::GetAtt": ["SessionsCacheClientSecurityGroup", "GroupId"] },
      FromPort: 6379,
    });
    expect(taskSecurityGroups(m, m.services.worker!)).toEqual([
      "WorkerSecurityGroup",
      "SessionsCacheClientSecurityGroup",
    ]);
  });
});

test("cfn-lint accepts the stacks of an environment with existing data and a cache", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-lint-existing-"));
  const files: string[] = [];
  for (const env of ["staging", "production"]) {
    const rendered = render(EXISTING, { env });
    for (const [name, template] of [["environment", rendered.template], ...Object.entries(rendered.services)]) {
      const file = join(dir, `${env}.${name as string}.yaml`);
      writeFileSync(file, toYaml(template));
      files.push(file);
    }
  }
  const lint = spawnSync("cfn-lint", ["--format", "json", "--", ...files], { encoding: "utf8" });
  const findings = JSON.parse(lint.stdout || "[]") as { Rule: { Id: string }; Message: string; Filename: string }[];
  expect(findings.map((f) => `${f.Filename}: ${f.Rule.Id} ${f.Message}`)).toEqual([]);
}, 120_000);
