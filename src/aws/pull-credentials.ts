import { awsFailure } from "./aws-failure.js";
import type { PullCredentialsPort } from "../images/image-port.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/** The pull-credentials port over Secrets Manager. */
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
          .send(
            new sdk.CreateSecretCommand({
              Name: name,
              SecretString: value,
              Description: "Registry credentials ECS pulls this app's images with (written by berth)",
              Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
            }),
          )
          .catch(failed("CreateSecret"));
        return { arn: created.ARN!, changed: true };
      }
      if (current.SecretString === value) return { arn: current.ARN!, changed: false };
      const updated = await client
        .send(new sdk.PutSecretValueCommand({ SecretId: name, SecretString: value }))
        .catch(failed("PutSecretValue"));
      return { arn: updated.ARN!, changed: true };
    },
  };
}
