import { operationLogger } from "./aws-failure.js";
import { noteSdkConfigured } from "./node-support.js";

/**
 * Where AWS calls go and as whom: the standard AWS chain (environment, profiles, SSO,
 * OIDC web identity in CI) with --region, --profile and --endpoint-url on top.
 * `AWS_ENDPOINT_URL` sends every call elsewhere (the sandbox, moto) — berth itself never
 * knows whether it talks to AWS or to an emulator.
 */
export interface AwsSettings {
  region?: string;
  profile?: string;
  endpoint?: string;
}

export interface AwsFlags {
  region?: string;
  profile?: string;
  endpointUrl?: string;
}

export function awsSettings(
  flags: AwsFlags,
  manifestRegion: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): AwsSettings {
  const settings: AwsSettings = {};
  const region = flags.region ?? manifestRegion ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region) settings.region = region;
  if (flags.profile) settings.profile = flags.profile;
  const endpoint = flags.endpointUrl ?? env.AWS_ENDPOINT_URL;
  if (endpoint) settings.endpoint = endpoint;
  return settings;
}

/** Configuration shared by every SDK client berth creates. */
export function clientConfig(settings: AwsSettings): Record<string, unknown> {
  // The SDK warns on every run that its 2027 releases will need Node 22, in a dozen lines
  // through process.emitWarning; berth says it in one line of its own instead (node-support.ts).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  noteSdkConfigured();
  return {
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    // Throttling happens during deploys (many polls, other tools on the same account). Standard
    // mode retries it with exponential backoff and jitter; AWS recommends it over adaptive mode,
    // whose client-side rate limiting is for special cases
    // (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html). Eight
    // attempts ride out a burst: the backoff caps at 20 s per attempt.
    maxAttempts: 8,
    retryMode: "standard",
    // Names the failed command on its error, for berth's one-line report (aws-failure.ts).
    logger: operationLogger(settings.profile ?? process.env.AWS_PROFILE),
  };
}
