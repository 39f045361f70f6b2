import { awsFailure } from "./aws-failure.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/** The account, partition and region ARNs are built with: STS GetCallerIdentity, and the region the SDK resolved. */
export async function callerIdentity(
  settings: AwsSettings,
): Promise<{ account: string; partition: string; region: string }> {
  const sdk = await import("@aws-sdk/client-sts");
  const client = new sdk.STSClient(clientConfig(settings));
  const identity = await client
    .send(new sdk.GetCallerIdentityCommand({}))
    .catch(awsFailure("STS", "GetCallerIdentity"));
  return {
    account: identity.Account ?? "",
    partition: identity.Arn?.split(":")[1] ?? "aws",
    region: await client.config.region(),
  };
}
