import { awsFailure } from "./aws-failure.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/**
 * The test listener rule's header value, read from the environment's secret
 * (templates/load-balancer.yml) once per secret and kept in memory only; it is never printed.
 */
export function testHeaderValues(settings: AwsSettings): (secretArn: string) => Promise<string> {
  const known = new Map<string, Promise<string>>();
  return (secretArn) => {
    let value = known.get(secretArn);
    if (!value) {
      value = import("@aws-sdk/client-secrets-manager").then(async (sdk) => {
        const client = new sdk.SecretsManagerClient(clientConfig(settings));
        const secret = await client
          .send(new sdk.GetSecretValueCommand({ SecretId: secretArn }))
          .catch(awsFailure("Secrets Manager", "GetSecretValue"));
        return secret.SecretString ?? "";
      });
      known.set(secretArn, value);
    }
    return value;
  };
}
