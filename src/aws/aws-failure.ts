// AWS failures as one line with a fix that fits the error (src/aws/aws-error-hints.ts).
// Berth's own errors pass through untouched, and programming errors stay what they are, so
// the CLI reports them as internal errors. The operation named is the SDK command that
// failed, recorded by the logger every client gets from clientConfig (see operationLogger).

import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { EXIT, UserError } from "../exit-codes.js";
import { describeAwsFailure } from "./aws-error-hints.js";

const FAILED_CALL = Symbol("berth.awsCall");

interface AwsCall {
  service: string;
  operation: string;
  profile?: string;
}

type AwsError = Error & { [FAILED_CALL]?: AwsCall; $fault?: string; $metadata?: unknown; code?: string };

/**
 * A logger for SDK clients whose only job is to note, on a failed call, which client and
 * command it was: the SDK's logger middleware passes them with the error. Logging itself
 * stays off (berth never prints the SDK's logs).
 */
export function operationLogger(profile: string | undefined) {
  return {
    debug() {},
    info() {},
    warn() {},
    error(entry: { clientName?: string; commandName?: string; error?: unknown }) {
      const error = entry.error;
      if (!(error instanceof Error) || !entry.clientName || !entry.commandName) return;
      const service = entry.clientName.replace(/Client$/, "");
      const call: AwsCall = {
        service,
        operation: entry.commandName.replace(/Command$/, ""),
        ...(profile ? { profile } : {}),
      };
      Object.defineProperty(error, FAILED_CALL, { value: call, configurable: true });
    },
  };
}

/**
 * Whether a named profile is in the shared config or credentials file. The SDK reports a
 * missing one only as "Could not load credentials from any providers" or "Region is missing".
 * https://docs.aws.amazon.com/sdkref/latest/guide/file-location.html
 */
export function profileExists(profile: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const files = [
    env.AWS_CONFIG_FILE ?? join(homedir(), ".aws", "config"),
    env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), ".aws", "credentials"),
  ];
  const header = new RegExp(
    `^\\s*\\[\\s*(?:profile\\s+)?${profile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\]`,
    "m",
  );
  return files.some((file) => {
    try {
      return header.test(readFileSync(file, "utf8"));
    } catch {
      return false;
    }
  });
}

/** Whether an error came from a call to AWS (or its credential chain), not from berth's code. */
function isAwsFailure(error: AwsError): boolean {
  return (
    error[FAILED_CALL] !== undefined ||
    error.$metadata !== undefined ||
    error.$fault !== undefined ||
    /ProviderError$/.test(error.name)
  );
}

/** The error as berth reports it: UserErrors and programming errors as they are, AWS's as one line and a fix. */
export function asAwsFailure(error: unknown, fallback: AwsCall): unknown {
  if (error instanceof UserError || !(error instanceof Error)) return error;
  const e = error as AwsError;
  if (!isAwsFailure(e)) return error;
  const { profile, ...call } = e[FAILED_CALL] ?? fallback;
  const code = e.name === "Error" && e.code ? e.code : e.name;
  const missingProfile = profile !== undefined && !profileExists(profile) ? { missingProfile: profile } : {};
  const text = describeAwsFailure({
    ...call,
    code,
    message: e.message,
    ...(e.$fault ? { fault: e.$fault } : {}),
    ...missingProfile,
  });
  return new UserError(text.message, EXIT.failure, text.hint);
}

/** For `.catch(awsFailure("ECR", "CreateRepository"))`: the names are used when the SDK did not record its own. */
export function awsFailure(service: string, operation: string): (error: unknown) => never {
  return (error) => {
    throw asAwsFailure(error, { service, operation });
  };
}

/**
 * The same port with every method's failures passed through asAwsFailure. Errors a method
 * handles itself (a missing stack read as undefined) never reach this.
 */
export function withAwsFailures<T extends object>(service: string, port: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(port)) {
    const operation = name.charAt(0).toUpperCase() + name.slice(1);
    wrapped[name] = (...args: unknown[]) =>
      (method as (...a: unknown[]) => Promise<unknown>)(...args).catch(awsFailure(service, operation));
  }
  return wrapped as T;
}
