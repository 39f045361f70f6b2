import { EXIT, UserError } from "../exit-codes.js";

/**
 * An AWS error the user can act on, as one line with a fix; the SDK's stack stays out of
 * sight. Use as `.catch(awsFailure("ECR", "CreateRepository"))`.
 */
export function awsFailure(service: string, operation: string): (error: unknown) => never {
  return (error) => {
    const e = error as { name?: string; message?: string };
    if (e.name === "CredentialsProviderError") {
      throw new UserError(`no AWS credentials for ${service} ${operation}`, EXIT.failure, "configure credentials (aws configure, AWS_PROFILE or --profile)");
    }
    throw new UserError(`${service} ${operation} failed: ${e.name ?? "error"}: ${e.message ?? String(error)}`, EXIT.failure, `check the region, the credentials and their ${service} permissions`);
  };
}
