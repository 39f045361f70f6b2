import { CreateSecurityGroupCommand, CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateDBClusterCommand, RDSClient } from "@aws-sdk/client-rds";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test } from "vitest";
import { preflightPort } from "../../src/aws/preflight-port.js";
import { useSandbox } from "../helpers/sandbox.js";

// moto answers RDS, EC2 and S3 as AWS does: the adapter's reads of existing data, end to end.
const sandbox = useSandbox();
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });

test("an existing cluster is read back with its writer endpoint and security groups; an unknown one is missing", async () => {
  const ec2 = new EC2Client(aws());
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }));
  const group = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: "orders-db", Description: "db", VpcId: vpc.Vpc?.VpcId }),
  );
  const created = await new RDSClient(aws()).send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: "orders-db",
      Engine: "aurora-postgresql",
      MasterUsername: "admin_user",
      MasterUserPassword: "not-a-real-password-1",
      VpcSecurityGroupIds: [group.GroupId!],
    }),
  );
  const port = preflightPort(aws());
  expect(await port.databaseCluster("orders-db")).toEqual({
    endpoint: created.DBCluster?.Endpoint,
    securityGroups: [group.GroupId],
  });
  expect(created.DBCluster?.Endpoint).toMatch(/^orders-db\.cluster-/);
  expect(await port.databaseCluster("nowhere-db")).toBe("missing");
});

test("an existing bucket is there or missing", async () => {
  await new S3Client({ ...aws(), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: "acme-kept" }));
  const port = preflightPort(aws());
  expect(await port.bucketExists("acme-kept")).toBe("exists");
  expect(await port.bucketExists("acme-not-there")).toBe("missing");
});
