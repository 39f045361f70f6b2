import type { Found } from "../preflight.js";

/** A Secrets Manager secret or an SSM parameter, by the name AWS knows. */
export interface StoredSecret {
  kind: "secretsmanager" | "ssm";
  name: string;
}

/**
 * What `berth secrets` needs from Secrets Manager and SSM Parameter Store. Values pass
 * through it to AWS and back, never to a view.
 */
export interface SecretStorePort {
  exists(secret: StoredSecret): Promise<Found>;
  /** A secret's current SecretString, undefined when the secret does not exist. */
  readSecretString(name: string): Promise<string | undefined>;
  /** Creates the secret, or puts a new version of one that exists. */
  writeSecretString(name: string, value: string, create: boolean): Promise<void>;
  /** A SecureString parameter, created or overwritten; says which. */
  writeParameter(name: string, value: string): Promise<"created" | "updated">;
}
