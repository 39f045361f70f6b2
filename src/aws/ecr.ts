import { UserError } from "../exit-codes.js";
import { isLoopbackHost } from "../images/reference.js";
import type { RegistryCredentials } from "../images/registry-client.js";
import { awsFailure } from "./aws-failure.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/**
 * What berth needs from ECR: a registry login and the app's repositories. Repositories
 * belong to the app stack (CloudFormation owns infrastructure): when one is missing — a
 * first push before the first deploy, or a new service — the app stack is brought up to
 * date, never a repository created beside it that the stack would later collide with.
 */
export interface EcrPort {
  /**
   * GetAuthorizationToken: the registry host and a 12-hour login (user AWS); plainHttp when
   * the endpoint is `http://` on this machine (berth sandbox's registry), never otherwise.
   */
  authorization(): Promise<{ host: string; credentials: RegistryCredentials; plainHttp?: boolean }>;
  /** The repository's URI; when it does not exist, the app stack is deployed to create it. */
  ensureRepository(name: string): Promise<{ uri: string; created: boolean }>;
}

/** The SDK adapter; the SDK is loaded here, on first use, never by validate or render. */
export async function sdkEcrPort(settings: AwsSettings, deployAppStack: () => Promise<void>): Promise<EcrPort> {
  const sdk = await import("@aws-sdk/client-ecr");
  const client = new sdk.ECRClient(clientConfig(settings));
  const find = async (name: string): Promise<string | undefined> => {
    try {
      const found = await client.send(new sdk.DescribeRepositoriesCommand({ repositoryNames: [name] }));
      return found.repositories?.[0]?.repositoryUri;
    } catch (error) {
      if (error instanceof sdk.RepositoryNotFoundException) return undefined;
      return awsFailure("ECR", "DescribeRepositories")(error);
    }
  };
  return {
    async authorization() {
      const response = await client.send(new sdk.GetAuthorizationTokenCommand({})).catch(awsFailure("ECR", "GetAuthorizationToken"));
      const data = response.authorizationData?.[0];
      if (!data?.authorizationToken || !data.proxyEndpoint) throw new UserError("ECR returned no authorization token");
      const decoded = Buffer.from(data.authorizationToken, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      const endpoint = new URL(data.proxyEndpoint);
      const credentials = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
      const plainHttp = endpoint.protocol === "http:" && isLoopbackHost(endpoint.host);
      return { host: endpoint.host, credentials, ...(plainHttp ? { plainHttp } : {}) };
    },
    async ensureRepository(name) {
      const uri = await find(name);
      if (uri) return { uri, created: false };
      await deployAppStack();
      const created = await find(name);
      if (!created) throw new UserError(`the app stack was deployed but ECR has no repository ${name}`, 1, "look at the app stack's events in the CloudFormation console");
      return { uri: created, created: true };
    },
  };
}
