/** Loads an SDK on first use and creates its client once: one per command, not per call or per poll. */
export function lazyClient<T>(create: () => Promise<T>): () => Promise<T> {
  let client: Promise<T> | undefined;
  return () => (client ??= create());
}

type Config = Record<string, unknown>;

// The clients several adapters use, each as `{ sdk, client }` made on first use.
export const lazyEcs = (config: Config) =>
  lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-ecs");
    return { sdk, client: new sdk.ECSClient(config) };
  });

export const lazyElb = (config: Config) =>
  lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-elastic-load-balancing-v2");
    return { sdk, client: new sdk.ElasticLoadBalancingV2Client(config) };
  });

export const lazyScaling = (config: Config) =>
  lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-application-auto-scaling");
    return { sdk, client: new sdk.ApplicationAutoScalingClient(config) };
  });

export const lazyCloudWatch = (config: Config) =>
  lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-cloudwatch");
    return { sdk, client: new sdk.CloudWatchClient(config) };
  });

export const lazyS3 = (config: Config) =>
  lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-s3");
    return { sdk, client: new sdk.S3Client(config) };
  });

export const lazyLogs = (config: Config) =>
  lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-cloudwatch-logs");
    return { sdk, client: new sdk.CloudWatchLogsClient(config) };
  });

export const lazySecretsManager = (config: Config) =>
  lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-secrets-manager");
    return { sdk, client: new sdk.SecretsManagerClient(config) };
  });

export const lazySsm = (config: Config) =>
  lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-ssm");
    return { sdk, client: new sdk.SSMClient(config) };
  });
