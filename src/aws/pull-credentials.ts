import { awsFailure } from "./aws-failure.js";
import type { RegistryCredentials } from "../images/registry-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/**
 * Images in a registry other than ECR are pulled by ECS with repository credentials kept
 * in Secrets Manager: a secret whose value is {"username","password"}, referenced by the
 * task definition's repositoryCredentials.credentialsParameter.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
 */
export interface PullCredentialsPort {
  /** Creates or updates the secret; returns its ARN and whether its value changed. */
  putCredentials(name: string, credentials: RegistryCredentials, tags: Record<string, string>): Promise<{ arn: string; changed: boolean }>;
}

export async function sdkPullCredentialsPort(settings: AwsSettings): Promise<PullCredentialsPort> {
  const sdk = await import("@aws-sdk/client-secrets-manager");
  const client = new sdk.SecretsManagerClient(clientConfig(settings));
  const failed = (operation: string) => awsFailure("Secrets Manager", operation);
  return {
    async putCredentials(name, credentials, tags) {
      const value = JSON.stringify({ username: credentials.username, password: credentials.password });
      const current = await client.send(new sdk.GetSecretValueCommand({ SecretId: name })).catch((error: unknown) => {
        if (error instanceof sdk.ResourceNotFoundException) return undefined;
        return failed("GetSecretValue")(error);
      });
      if (!current) {
        const created = await client
          .send(new sdk.CreateSecretCommand({ Name: name, SecretString: value, Description: "Registry credentials ECS pulls this app's images with (written by berth)", Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }))
          .catch(failed("CreateSecret"));
        return { arn: created.ARN!, changed: true };
      }
      if (current.SecretString === value) return { arn: current.ARN!, changed: false };
      const updated = await client.send(new sdk.PutSecretValueCommand({ SecretId: name, SecretString: value })).catch(failed("PutSecretValue"));
      return { arn: updated.ARN!, changed: true };
    },
  };
}
