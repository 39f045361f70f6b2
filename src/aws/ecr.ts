import { UserError } from "../exit-codes.js";
import type { RegistryCredentials } from "../images/registry-client.js";
import { awsFailure } from "./aws-failure.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/**
 * What berth needs from ECR: a registry login and the app's repositories. The repository
 * normally comes from the app-level stack; when it is missing (first push before the first
 * deploy) berth creates it with the same settings.
 */
export interface EcrPort {
  /** GetAuthorizationToken: the registry host and a 12-hour login (user AWS). */
  authorization(): Promise<{ host: string; credentials: RegistryCredentials }>;
  /** The repository's URI, creating the repository when it does not exist. */
  ensureRepository(name: string, tags: Record<string, string>): Promise<{ uri: string; created: boolean }>;
}

/** The SDK adapter; the SDK is loaded here, on first use, never by validate or render. */
export async function sdkEcrPort(settings: AwsSettings): Promise<EcrPort> {
  const sdk = await import("@aws-sdk/client-ecr");
  const client = new sdk.ECRClient(clientConfig(settings));
  return {
    async authorization() {
      const response = await client.send(new sdk.GetAuthorizationTokenCommand({})).catch(awsFailure("ECR", "GetAuthorizationToken"));
      const data = response.authorizationData?.[0];
      if (!data?.authorizationToken || !data.proxyEndpoint) throw new UserError("ECR returned no authorization token");
      const decoded = Buffer.from(data.authorizationToken, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      return { host: new URL(data.proxyEndpoint).host, credentials: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } };
    },
    async ensureRepository(name, tags) {
      try {
        const found = await client.send(new sdk.DescribeRepositoriesCommand({ repositoryNames: [name] }));
        const uri = found.repositories?.[0]?.repositoryUri;
        if (uri) return { uri, created: false };
      } catch (error) {
        if (!(error instanceof sdk.RepositoryNotFoundException)) awsFailure("ECR", "DescribeRepositories")(error);
      }
      const created = await client
        .send(
          new sdk.CreateRepositoryCommand({
            repositoryName: name,
            // The same settings as the app stack's repository (templates/repository.yml).
            imageTagMutability: "MUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfiguration: { encryptionType: "AES256" },
            tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
          }),
        )
        .catch(awsFailure("ECR", "CreateRepository"));
      const uri = created.repository?.repositoryUri;
      if (!uri) throw new UserError(`ECR created ${name} but returned no repository URI`);
      return { uri, created: true };
    },
  };
}
