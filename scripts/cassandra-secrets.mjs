/**
 * The reference app (examples/cassandra) reads a Stripe key from Secrets Manager and an API
 * token from SSM, each environment its own (`secretsmanager:${environment}/stripe#key`,
 * `ssm:/${app}/${environment}/api-token`); a team creates those once per environment, with
 * `berth secrets set` or outside berth, and deploy checks they exist before it changes
 * anything (pre-flight). The demo and the deploy bench create the sandbox environment's in
 * the sandbox as that team would.
 */
export async function createCassandraSecrets(environment, berthEnvironment = "sandbox") {
  const aws = {
    region: environment.AWS_REGION,
    endpoint: environment.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: "sandbox", secretAccessKey: "sandbox" },
  };
  const { SecretsManagerClient, CreateSecretCommand } = await import("@aws-sdk/client-secrets-manager");
  const { SSMClient, PutParameterCommand } = await import("@aws-sdk/client-ssm");
  await new SecretsManagerClient(aws).send(
    new CreateSecretCommand({
      Name: `${berthEnvironment}/stripe`,
      SecretString: JSON.stringify({ key: "sk_test_demo" }),
    }),
  );
  await new SSMClient(aws).send(
    new PutParameterCommand({
      Name: `/cassandra/${berthEnvironment}/api-token`,
      Value: "demo-token",
      Type: "SecureString",
    }),
  );
}
