import { EXIT, UserError } from "../exit-codes.js";

/**
 * AWS refusing a call (a 4xx answer: access denied, validation, missing resource) is
 * something the user acts on, not a bug in berth: it becomes a UserError naming the
 * service, the operation and AWS's own words. Network and 5xx errors pass through.
 */
export function asRefusal(service: string, operation: string, error: unknown): unknown {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if (!(error instanceof Error) || status === undefined || status < 400 || status >= 500) return error;
  const denied = status === 403 || /AccessDenied|UnauthorizedOperation/.test(error.name);
  // AWS's access-denied message names the missing action; the hint says where to add it.
  const hint = denied ? `give the deploying role the ${service} permission AWS names above` : "AWS's message above says what it refused; fix that input or the stack, then run berth again";
  return new UserError(`${service} ${operation} refused: ${error.message} (${error.name})`, EXIT.failure, hint);
}

/** The same port, with every method's AWS refusals turned into UserErrors. */
export function withRefusals<T extends object>(service: string, port: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(port)) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await (method as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        throw asRefusal(service, operationName(name), error);
      }
    };
  }
  return wrapped as T;
}

/** describeStackEvents → DescribeStackEvents: the IAM action's name. */
function operationName(method: string): string {
  return method.charAt(0).toUpperCase() + method.slice(1);
}
