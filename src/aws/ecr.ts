import { UserError } from "../exit-codes.js";
import type { EcrPort } from "../images/destination.js";
import { awsFailure } from "./aws-failure.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/** The ECR port over the SDK; the SDK is loaded here, on first use, never by validate or render. */
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
    async repositoryUri(name) {
      try {
        const found = await client.send(new sdk.DescribeRepositoriesCommand({ repositoryNames: [name] }));
        return found.repositories?.[0]?.repositoryUri;
      } catch (error) {
        if (error instanceof sdk.RepositoryNotFoundException) return undefined;
        return awsFailure("ECR", "DescribeRepositories")(error);
      }
    },
  };
}
