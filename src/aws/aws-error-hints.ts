// What an AWS failure means for the user, decided from its error code and message alone:
// a pure table, so each case is tested without a network (test/aws/aws-errors.test.ts).
// Error codes: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
// (common to the query APIs) and each service's API reference, "Errors".

export interface AwsFailureFacts {
  /** The SDK's client and command, e.g. "CloudFormation" and "CreateChangeSet". */
  service: string;
  operation: string;
  /** The error's name: AWS's error code, or the SDK's own (CredentialsProviderError). */
  code: string;
  message: string;
  /** "client" or "server", as the SDK classifies AWS's answer; absent when AWS never answered. */
  fault?: string;
  /** The --profile (or AWS_PROFILE) in use when it is in neither ~/.aws/config nor ~/.aws/credentials. */
  missingProfile?: string;
}

export interface AwsFailureText {
  message: string;
  hint: string;
}

const ACCESS_DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "UnauthorizedAccess",
  "AuthorizationError",
]);
const THROTTLED = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "SlowDown",
  "RequestThrottled",
]);
const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"]);
const BAD_CREDENTIALS = new Set([
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "SignatureDoesNotMatch",
  "InvalidAccessKeyId",
  "InvalidSignatureException",
]);
const NOT_REACHED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "TimeoutError"]);

// "User: arn:aws:sts::123:assumed-role/deployer/ci is not authorized to perform: ecs:CreateService on resource: arn:…"
const NOT_AUTHORIZED = /User: (\S+) is not authorized to perform: ([\w-]+:\w+)(?: on resource: (\S+))?/;

/** The role (or user) an ARN names: assumed-role/ROLE/session → "role ROLE". */
function principalName(arn: string): string {
  const assumed = /:assumed-role\/([^/]+)\//.exec(arn);
  if (assumed) return `role ${assumed[1]}`;
  const named = /:(role|user)\/(?:.*\/)?([^/]+)$/.exec(arn);
  return named ? `${named[1]} ${named[2]}` : arn;
}

function accessDenied(facts: AwsFailureFacts): string {
  const found = NOT_AUTHORIZED.exec(facts.message);
  if (!found) {
    return `the credentials in use may not call ${facts.service} ${facts.operation}: grant it in their IAM policy (aws sts get-caller-identity names the role)`;
  }
  const [, principal, action, resource] = found;
  const on = resource ? ` on ${resource}` : "";
  const deny = /explicit deny/.test(facts.message)
    ? " and remove the explicit deny (an SCP, a permissions boundary or a policy)"
    : "";
  return `grant ${action}${on} to ${principalName(principal!)}${deny}`;
}

/** One line and a fix for an AWS failure; the operation named is the SDK command that failed. */
export function describeAwsFailure(facts: AwsFailureFacts): AwsFailureText {
  const { service, operation, code, message } = facts;
  const failed = `${service} ${operation} failed: ${code}: ${message}`;
  const profile = facts.missingProfile;
  const credentialsOrRegion = /ProviderError$/.test(code) || /region is missing/i.test(message);
  if (profile && credentialsOrRegion) {
    return {
      message: `AWS profile ${profile} does not exist (${service} ${operation})`,
      hint: "check --profile or AWS_PROFILE against `aws configure list-profiles`",
    };
  }
  if (code === "CredentialsProviderError" || code === "ProviderError" || code === "TokenProviderError") {
    return {
      message: `no AWS credentials for ${service} ${operation}: ${message}`,
      hint: "configure credentials (aws configure, aws sso login, AWS_PROFILE or --profile)",
    };
  }
  if (/region is missing/i.test(message)) {
    return {
      message: `no AWS region for ${service} ${operation}`,
      hint: "set region: in berth.yml, pass --region, or export AWS_REGION",
    };
  }
  if (ACCESS_DENIED.has(code)) return { message: failed, hint: accessDenied(facts) };
  if (EXPIRED.has(code))
    return {
      message: failed,
      hint: "the credentials have expired: renew them (aws sso login, or a new session) and run again",
    };
  if (BAD_CREDENTIALS.has(code))
    return {
      message: failed,
      hint: "AWS does not recognise these credentials: check the access key, the profile and the region's partition",
    };
  if (THROTTLED.has(code)) {
    return {
      message: failed,
      hint: "AWS throttled the request beyond berth's retries: wait a minute and run again, or run fewer deploys at once in this account",
    };
  }
  if (code === "NoSuchEntity" || code === "NoSuchEntityException") {
    return {
      message: failed,
      hint: "the IAM role, user or policy it names does not exist in this account: check the name and the account (--profile)",
    };
  }
  if (
    code === "ValidationError" ||
    code === "ValidationException" ||
    code === "InvalidParameterException" ||
    code === "InvalidParameterValue"
  ) {
    return {
      message: failed,
      hint: "AWS rejected a value in the request, named above: fix it in berth.yml (or its overrides) and run again",
    };
  }
  if (NOT_REACHED.has(code)) {
    return {
      message: `could not reach AWS for ${service} ${operation}: ${code}: ${message}`,
      hint: "check the network, or --endpoint-url / AWS_ENDPOINT_URL when it points at the sandbox",
    };
  }
  if (facts.fault === "server")
    return {
      message: failed,
      hint: "AWS failed on its side: run again in a moment; if it persists, see the AWS Health Dashboard",
    };
  return { message: failed, hint: `AWS refused the request for the reason above: fix what it names, then run again` };
}
