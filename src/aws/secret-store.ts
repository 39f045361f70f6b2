import type { SecretStorePort } from "../deployers/secrets/secret-store-port.js";
import { lazySecretsManager, lazySsm } from "./lazy-client.js";
import { preflightPort } from "./preflight-port.js";
import { clientConfig, type AwsSettings } from "./settings.js";

const NOT_FOUND = /ResourceNotFound/;

/**
 * `berth secrets` over Secrets Manager and SSM: whether each exists as pre-flight asks it,
 * and the writes of `berth secrets set`.
 * [PutSecretValue](https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html),
 * [PutParameter](https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html)
 */
export function secretStorePort(settings: AwsSettings): SecretStorePort {
  const config = clientConfig(settings);
  const secrets = lazySecretsManager(config);
  const ssm = lazySsm(config);
  const preflight = preflightPort(settings);
  return {
    exists: (secret) => preflight.secretExists(secret),
    async readSecretString(name) {
      const { sdk, client } = await secrets();
      try {
        return (await client.send(new sdk.GetSecretValueCommand({ SecretId: name }))).SecretString ?? "";
      } catch (error) {
        if (NOT_FOUND.test((error as { name?: string }).name ?? "")) return undefined;
        throw error;
      }
    },
    async writeSecretString(name, value, create) {
      const { sdk, client } = await secrets();
      if (create) await client.send(new sdk.CreateSecretCommand({ Name: name, SecretString: value }));
      else await client.send(new sdk.PutSecretValueCommand({ SecretId: name, SecretString: value }));
    },
    async writeParameter(name, value) {
      const { sdk, client } = await ssm();
      const put = await client.send(
        new sdk.PutParameterCommand({ Name: name, Value: value, Type: "SecureString", Overwrite: true }),
      );
      return put.Version === 1 ? "created" : "updated";
    },
  };
}
