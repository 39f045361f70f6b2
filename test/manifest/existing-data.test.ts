import { describe, expect, test } from "vitest";
import { lines, manifest } from "./helpers.js";

const VPC = `network:
  vpc: vpc-0123abcd
  publicSubnets: [subnet-0aaa1111, subnet-0bbb2222]
  privateSubnets: [subnet-0ccc3333, subnet-0ddd4444]
`;
const SECRET = "arn:aws:secretsmanager:eu-south-1:210987654321:secret:orders-db-login-AbCdEf";
const ENDPOINT = "orders-db.cluster-c1ab2cd3.eu-south-1.rds.amazonaws.com";
const web = (uses: string) => `app: shop\nservices:\n  web: { image: x, port: 80, http: {}, uses: [${uses}] }\n`;

describe("existing data", () => {
  test("an existing cluster is read with its endpoint, secret and security group, and a default port by engine", () => {
    const m = manifest(
      `${web("database")}${VPC}database:\n  engine: aurora-mysql\n  existing: { cluster: orders-db, endpoint: ${ENDPOINT}, secret: "${SECRET}", securityGroup: sg-0123abcd }\n`,
    );
    expect(m.database?.existing).toEqual({
      cluster: "orders-db",
      endpoint: ENDPOINT,
      readEndpoint: ENDPOINT,
      port: 3306,
      secret: SECRET,
      securityGroup: "sg-0123abcd",
    });
  });

  test("an existing cluster's keys are checked by shape, at their own position", () => {
    expect(
      lines(
        `${web("database")}${VPC}database:\n  existing:\n    cluster: orders-db\n    endpoint: orders-db.example.com\n    secret: orders-db-login\n    securityGroup: sg-12\n`,
      ),
    ).toEqual([
      `berth.yml:11:15: database.existing.endpoint: "orders-db.example.com" is not valid: expected the cluster's writer endpoint, such as orders-db.cluster-c1ab2cd3.eu-south-1.rds.amazonaws.com`,
      // The secret's ARN is hidden like any reference to a secret.
      "berth.yml:12:13: database.existing.secret: not a valid reference (value hidden): expected a Secrets Manager secret ARN holding username and password (JSON)",
      'berth.yml:13:20: database.existing.securityGroup: "sg-12" is not valid: expected a security group id such as sg-0abc1234',
    ]);
  });

  test("an existing cluster needs the environment in its VPC, and refuses the keys of a cluster berth creates", () => {
    expect(
      lines(
        `${web("database")}database:\n  readers: 1\n  existing: { cluster: orders-db, endpoint: ${ENDPOINT}, secret: "${SECRET}", securityGroup: sg-0123abcd }\n`,
      ),
    ).toEqual([
      "berth.yml:5:12: database.readers: readers shapes a cluster berth creates; database.existing is a cluster berth leaves as it is",
      "berth.yml:6:13: database.existing: an existing cluster needs the environment in its VPC",
    ]);
  });

  test("an existing bucket is named by its S3 name and keeps its own versioning", () => {
    expect(manifest(`${web("uploads")}buckets:\n  uploads: { existing: acme-uploads }\n`).buckets.uploads).toEqual({
      versioned: false,
      existing: "acme-uploads",
    });
    expect(lines(`${web("uploads")}buckets:\n  uploads: { existing: Acme_Uploads }\n`)[0]).toMatch(
      /^berth\.yml:5:24: buckets\.uploads\.existing: "Acme_Uploads" is not valid: expected an S3 bucket name such as acme-uploads/,
    );
    expect(lines(`${web("uploads")}buckets:\n  uploads: { existing: acme-uploads, versioned: true }\n`)[0]).toMatch(
      /^berth\.yml:5:\d+: buckets\.uploads\.versioned: versioned sets up a bucket berth creates/,
    );
  });

  test("an existing file system needs its mount targets' security group and the environment in its VPC", () => {
    const service = "app: shop\nservices:\n  web: { image: x, volumes: { media: /mnt/media } }\n";
    expect(lines(`${service}volumes:\n  media: { existing: fs-0123abcd }\n`)).toEqual([
      "berth.yml:5:22: volumes.media.existing: an existing file system needs the security group of its mount targets",
      "berth.yml:5:22: volumes.media.existing: an existing file system needs the environment in its VPC",
    ]);
    expect(
      manifest(`${service}${VPC}volumes:\n  media: { existing: fs-0123abcd, securityGroup: sg-0456abcd }\n`).volumes
        .media,
    ).toEqual({ existing: { fileSystem: "fs-0123abcd", securityGroup: "sg-0456abcd" } });
  });
});

describe("caches", () => {
  test("a cache is small and alone outside production, with a replica in production", () => {
    const text = `${web("sessions")}caches:\n  sessions: {}\nenvironments: { staging: {}, production: {} }\n`;
    expect(manifest(text, { env: "staging" }).caches.sessions).toEqual({ nodeType: "cache.t4g.micro", replicas: 0 });
    expect(manifest(text, { env: "production" }).caches.sessions).toEqual({
      nodeType: "cache.t4g.small",
      replicas: 1,
    });
  });

  test("a service may use a cache by name, and a name that is none is refused with the ones there are", () => {
    expect(manifest(`${web("sessions")}caches:\n  sessions: { nodeType: cache.r7g.large }\n`).caches.sessions).toEqual({
      nodeType: "cache.r7g.large",
      replicas: 0,
    });
    expect(lines(`${web("session")}caches:\n  sessions: {}\n`)).toEqual([
      'berth.yml:3:47: services.web.uses[0]: "session" is not a queue, bucket or cache; did you mean sessions?',
    ]);
  });
});
