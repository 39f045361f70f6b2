import { describe, expect, test } from "vitest";
import type { Found, PreflightPort } from "../../src/deployers/preflight.js";
import { preflight } from "../../src/deployers/preflight.js";
import type { ClusterFacts } from "../../src/deployers/preflight-existing-data.js";
import { manifestOf } from "../render/helpers.js";

const SECRET = "arn:aws:secretsmanager:eu-south-1:210987654321:secret:orders-db-login-AbCdEf";
const ENDPOINT = "orders-db.cluster-c1ab2cd3.eu-south-1.rds.amazonaws.com";
const m = manifestOf(`app: shop
network: { vpc: vpc-0123abcd, publicSubnets: [subnet-0aaa1111, subnet-0bbb2222], privateSubnets: [subnet-0ccc3333, subnet-0ddd4444] }
services:
  web: { image: x, port: 80, http: {}, uses: [database, uploads], volumes: { media: /mnt/media } }
database:
  existing: { cluster: orders-db, endpoint: ${ENDPOINT}, secret: "${SECRET}", securityGroup: sg-0123abcd }
buckets: { uploads: { existing: acme-uploads } }
volumes: { media: { existing: fs-0123abcd, securityGroup: sg-0456abcd } }
`);

function port(cluster: Exclude<Found, "exists"> | ClusterFacts, found: Record<string, Found> = {}): PreflightPort {
  const answer = (key: string) => Promise.resolve(found[key] ?? "exists");
  return {
    imageExists: answer,
    secretExists: (ref) => answer(ref.name),
    certificateExists: answer,
    databaseCluster: () => Promise.resolve(cluster),
    bucketExists: answer,
    serverlessVersionOrderable: () => Promise.resolve("exists"),
  };
}

const THE_CLUSTER = { endpoint: ENDPOINT, securityGroups: ["sg-0123abcd"] };

describe("pre-flight of existing data", () => {
  test("a cluster, secret and bucket that are there pass; the file system is named as not checked", async () => {
    const result = await preflight(m, {}, "eu-south-1", port(THE_CLUSTER));
    expect(result.problems).toEqual([]);
    expect(result.unchecked).toEqual([
      expect.stringMatching(/^volume media \(fs-0123abcd\): berth has no EFS client; check its mount targets/),
    ]);
  });

  test("a cluster that is not there, a bucket that is not there and a secret that is not there are each named", async () => {
    const result = await preflight(
      m,
      {},
      "eu-south-1",
      port("missing", { "acme-uploads": "missing", [SECRET]: "missing" }),
    );
    expect(result.problems.map((p) => [p.path, p.message])).toEqual([
      ["database.existing.cluster", "the RDS cluster orders-db does not exist in eu-south-1"],
      ["buckets.uploads.existing", "the S3 bucket acme-uploads does not exist"],
      [
        "database.existing.secret",
        "the Secrets Manager secret at database.existing.secret does not exist in eu-south-1",
      ],
    ]);
    // The secret's ARN is not printed.
    expect(JSON.stringify(result.problems)).not.toContain(SECRET);
  });

  test("a security group that is not the cluster's, and another endpoint, are said with the cluster's own", async () => {
    const result = await preflight(
      m,
      {},
      "eu-south-1",
      port({ endpoint: "orders-db.cluster-zzz.eu-south-1.rds.amazonaws.com", securityGroups: ["sg-0999ffff"] }),
    );
    expect(result.problems).toEqual([
      {
        path: "database.existing.endpoint",
        reference: ENDPOINT,
        message: "the writer endpoint of cluster orders-db is orders-db.cluster-zzz.eu-south-1.rds.amazonaws.com",
        fix: "set database.existing.endpoint: orders-db.cluster-zzz.eu-south-1.rds.amazonaws.com",
      },
      {
        path: "database.existing.securityGroup",
        reference: "sg-0123abcd",
        message:
          "sg-0123abcd is not a security group of cluster orders-db (sg-0999ffff): berth's inbound rule on it would not reach the cluster",
        fix: "set database.existing.securityGroup to one of them, such as sg-0999ffff",
      },
    ]);
  });

  test("a bucket this identity may not read is said, not taken for missing", async () => {
    const result = await preflight(m, {}, "eu-south-1", port(THE_CLUSTER, { "acme-uploads": "denied" }));
    expect(result.problems.map((p) => p.message)).toEqual([
      "the S3 bucket acme-uploads may not be read by this identity, or is another account's",
    ]);
  });
});
