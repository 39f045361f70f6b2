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

/**
 * The same port with every method's AWS errors turned into awsFailure's one line, named
 * after the method (describeStackEvents → DescribeStackEvents). Errors a method handles
 * itself (a missing stack read as undefined) never reach this.
 */
export function withAwsFailures<T extends object>(service: string, port: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(port)) {
    const operation = name.charAt(0).toUpperCase() + name.slice(1);
    wrapped[name] = (...args: unknown[]) => (method as (...a: unknown[]) => Promise<unknown>)(...args).catch(awsFailure(service, operation));
  }
  return wrapped as T;
}
