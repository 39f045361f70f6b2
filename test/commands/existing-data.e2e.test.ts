import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
import { CreateDBClusterCommand, DescribeDBClustersCommand, RDSClient } from "@aws-sdk/client-rds";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-existing-"));
const file = join(dir, "berth.yml");
const berth = (...args: string[]) => berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true" });
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });
const s3 = () => new S3Client({ ...aws(), forcePathStyle: true });

const manifest = (bucket: string) => `app: adopt
services:
  web:
    image: "${IMAGE}"
    port: 80
    http: {}
    uses: [uploads, sessions]
buckets:
  uploads: { existing: ${bucket} }
caches:
  sessions: {}
`;

test("a deploy uses a bucket that predates it and a new cache; destroy --delete-data leaves the bucket and its objects", async () => {
  await s3().send(new CreateBucketCommand({ Bucket: "acme-uploads" }));
  await s3().send(new PutObjectCommand({ Bucket: "acme-uploads", Key: "avatar.png", Body: "png" }));
  writeFileSync(file, manifest("acme-uploads"));

  const deploy = await berth("deploy", "--yes");
  expect(deploy.stderr).not.toMatch(/error/);
  expect(deploy.code).toBe(0);
  const status = JSON.parse((await berth("status", "--json")).stdout) as { services: { taskDefinition?: string }[] };
  const family = status.services[0]?.taskDefinition ?? "adopt-default-web";
  const definition = await new ECSClient(aws()).send(new DescribeTaskDefinitionCommand({ taskDefinition: family }));
  const container = definition.taskDefinition?.containerDefinitions?.[0];
  expect(container?.environment).toEqual(
    expect.arrayContaining([
      { name: "BUCKET_UPLOADS", value: "acme-uploads" },
      { name: "CACHE_SESSIONS_PORT", value: "6379" },
    ]),
  );
  expect(container?.secrets?.map((s) => s.name)).toEqual(["CACHE_SESSIONS_AUTH_TOKEN"]);

  const destroy = await berth("destroy", "--yes", "--delete-data");
  expect(destroy.code).toBe(0);
  expect(destroy.stderr).toContain(
    "not touched, even with --delete-data: bucket uploads (acme-uploads) — berth did not create them and never deletes them",
  );
  const kept = await s3().send(new GetObjectCommand({ Bucket: "acme-uploads", Key: "avatar.png" }));
  expect(await kept.Body?.transformToString()).toBe("png");
}, 240_000);

test("an existing bucket that is not there stops the deploy at its line, before anything changes", async () => {
  writeFileSync(file, manifest("acme-nowhere"));
  const run = await berth("deploy", "--yes");
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    `error ${file}:9:14: buckets.uploads.existing: acme-nowhere: the S3 bucket acme-nowhere does not exist`,
  );
}, 120_000);

test("a deploy attaches an existing cluster in its VPC: its endpoint and login reach the service, the cluster is untouched by destroy", async () => {
  const ec2 = new EC2Client(aws());
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.7.0.0/16" }))).Vpc!.VpcId!;
  const subnet = async (cidr: string, zone: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: zone }))).Subnet!
      .SubnetId!;
  const [pub1, pub2, priv1, priv2] = await Promise.all([
    subnet("10.7.0.0/24", "us-east-1a"),
    subnet("10.7.1.0/24", "us-east-1b"),
    subnet("10.7.2.0/24", "us-east-1a"),
    subnet("10.7.3.0/24", "us-east-1b"),
  ]);
  const group = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: "orders", Description: "db", VpcId: vpc })))
    .GroupId!;
  const cluster = await new RDSClient(aws()).send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: "orders-db",
      Engine: "aurora-postgresql",
      MasterUsername: "orders",
      MasterUserPassword: "not-a-real-password-1",
      VpcSecurityGroupIds: [group],
    }),
  );
  const secret = await new SecretsManagerClient(aws()).send(
    new CreateSecretCommand({ Name: "orders-db-login", SecretString: '{"username":"orders","password":"x"}' }),
  );
  writeFileSync(
    file,
    `app: attach
network: { vpc: ${vpc}, publicSubnets: [${pub1}, ${pub2}], privateSubnets: [${priv1}, ${priv2}] }
services:
  web: { image: "${IMAGE}", port: 80, http: {}, uses: [database] }
database:
  name: orders
  existing: { cluster: orders-db, endpoint: ${cluster.DBCluster!.Endpoint}, secret: "${secret.ARN}", securityGroup: ${group} }
`,
  );
  const deploy = await berth("deploy", "--yes");
  expect(deploy.stderr).not.toMatch(/error/);
  expect(deploy.code).toBe(0);
  const definition = await new ECSClient(aws()).send(
    new DescribeTaskDefinitionCommand({ taskDefinition: "attach-default-web" }),
  );
  const container = definition.taskDefinition?.containerDefinitions?.[0];
  expect(container?.environment).toEqual(
    expect.arrayContaining([
      { name: "DATABASE_HOST", value: cluster.DBCluster!.Endpoint },
      { name: "DATABASE_AUTH", value: "password" },
    ]),
  );
  expect(container?.secrets).toEqual(
    expect.arrayContaining([{ name: "DATABASE_PASSWORD", valueFrom: `${secret.ARN}:password::` }]),
  );
  const destroy = await berth("destroy", "--yes", "--delete-data");
  expect(destroy.code).toBe(0);
  expect(destroy.stderr).toContain("not touched, even with --delete-data: database cluster orders-db");
  const after = await new RDSClient(aws()).send(new DescribeDBClustersCommand({ DBClusterIdentifier: "orders-db" }));
  expect(after.DBClusters?.[0]?.Status).toBe("available");
}, 240_000);
