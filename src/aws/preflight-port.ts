import { RegistryClient } from "../adapters/registry-client.js";
import { findCredentials } from "../adapters/registry-credentials.js";
import type { Found, PreflightPort } from "../deployers/preflight.js";
import type { ClusterFacts } from "../deployers/preflight-existing-data.js";
import { isLoopbackHost, parseImageReference } from "../images/reference.js";
import { coalesced } from "./coalesced.js";
import { lazyClient, lazySecretsManager, lazySsm } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

const ECR_HOST = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
const MISSING = /NotFound|ParameterNotFound|does not exist/i;
const DENIED = /AccessDenied|UnauthorizedOperation|not authorized/i;

/** An AWS answer read as found / missing / denied; anything else is the SDK's to throw. */
function classify(error: unknown): Found {
  const e = error as { name?: string; message?: string };
  const text = `${e.name ?? ""} ${e.message ?? ""}`;
  if (MISSING.test(text)) return "missing";
  if (DENIED.test(text)) return "denied";
  throw error;
}

/** Pre-flight's reads: ECR (or the image's own registry), Secrets Manager, SSM, ACM, RDS, S3. */
export function preflightPort(settings: AwsSettings): PreflightPort {
  const config = clientConfig(settings);
  const ecr = lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-ecr");
    return { sdk, client: new sdk.ECRClient(config) };
  });
  const secrets = lazySecretsManager(config);
  const ssm = lazySsm(config);
  // Without decryption: whether it exists and may be read, never its value.
  const parameter = async (name: string): Promise<Found> => {
    const { sdk, client } = await ssm();
    return client
      .send(new sdk.GetParameterCommand({ Name: name, WithDecryption: false }))
      .then(() => "exists" as const, classify);
  };
  // Every service's parameters are checked at once: GetParameters takes 10 names a call, and
  // Parameter Store answers 40 calls a second by default (a GetParameter a name sent 100 at once
  // for 100 services). A name this identity may not read refuses the whole call: each name of it
  // is then asked on its own, to say which.
  // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html
  const parameters = coalesced<Found>(10, async (_, names) => {
    const { sdk, client } = await ssm();
    try {
      const answer = await client.send(new sdk.GetParametersCommand({ Names: names, WithDecryption: false }));
      const invalid = new Set(answer.InvalidParameters ?? []);
      return new Map(names.map((name) => [name, invalid.has(name) ? "missing" : "exists"]));
    } catch (error) {
      if (classify(error) !== "denied") throw error;
      return new Map(await Promise.all(names.map(async (name) => [name, await parameter(name)] as const)));
    }
  });
  const acm = lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-acm");
    return { sdk, client: new sdk.ACMClient(config) };
  });
  const rds = lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-rds");
    return { sdk, client: new sdk.RDSClient(config) };
  });
  const s3 = lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-s3");
    // Path-style: bucket names with dots, and endpoints (the sandbox) without virtual hosts.
    return { sdk, client: new sdk.S3Client({ ...config, forcePathStyle: true }) };
  });
  return {
    async imageExists(pinnedRef) {
      const ref = parseImageReference(pinnedRef);
      if (!ref.digest) return { unknown: "not pinned by digest" };
      if (ECR_HOST.test(ref.host)) {
        const { sdk, client } = await ecr();
        return client
          .send(
            new sdk.DescribeImagesCommand({
              registryId: ref.host.split(".")[0],
              repositoryName: ref.repository,
              imageIds: [{ imageDigest: ref.digest }],
            }),
          )
          .then(() => "exists" as const, classify);
      }
      // Another registry: the OCI distribution API, as push uses it (src/adapters/registry-client.ts).
      try {
        const found = await findCredentials(ref.host);
        const registry = new RegistryClient({
          host: ref.host,
          ...(found ? { credentials: found.credentials } : {}),
          ...(isLoopbackHost(ref.host) ? { plainHttp: true } : {}),
        });
        return (await registry.manifestDigest(ref.repository, ref.digest)) ? "exists" : "missing";
      } catch (error) {
        return { unknown: error instanceof Error ? error.message : String(error) };
      }
    },
    async secretExists(secret) {
      if (secret.kind === "ssm") return (await parameters("", secret.name)) ?? "missing";
      const { sdk, client } = await secrets();
      return client
        .send(new sdk.DescribeSecretCommand({ SecretId: secret.name }))
        .then(() => "exists" as const, classify);
    },
    async databaseCluster(identifier) {
      const { sdk, client } = await rds();
      return client.send(new sdk.DescribeDBClustersCommand({ DBClusterIdentifier: identifier })).then((answer) => {
        const cluster = answer.DBClusters?.[0];
        if (!cluster) return "missing" as const;
        return {
          endpoint: cluster.Endpoint ?? "",
          securityGroups: (cluster.VpcSecurityGroups ?? []).flatMap((g) =>
            g.VpcSecurityGroupId ? [g.VpcSecurityGroupId] : [],
          ),
        };
      }, classify) as Promise<Exclude<Found, "exists"> | ClusterFacts>;
    },
    async bucketExists(name) {
      const { sdk, client } = await s3();
      // HEAD answers without a body: 404 is no such bucket, 403 another account's or not allowed.
      return client.send(new sdk.HeadBucketCommand({ Bucket: name })).then(
        () => "exists" as const,
        (error: { $metadata?: { httpStatusCode?: number } }) =>
          error.$metadata?.httpStatusCode === 403 ? ("denied" as const) : classify(error),
      );
    },
    async certificateExists(arn) {
      const { sdk, client } = await acm();
      return client
        .send(new sdk.DescribeCertificateCommand({ CertificateArn: arn }))
        .then(() => "exists" as const, classify);
    },
    // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeOrderableDBInstanceOptions.html
    async serverlessVersionOrderable(engine, version) {
      const { sdk, client } = await rds();
      const request = { Engine: engine, EngineVersion: version, DBInstanceClass: "db.serverless", MaxRecords: 20 };
      return client
        .send(new sdk.DescribeOrderableDBInstanceOptionsCommand(request))
        .then((answer) => ((answer.OrderableDBInstanceOptions ?? []).length > 0 ? "exists" : "missing"), classify);
    },
  };
}
