import type { Position } from "../manifest/problem.js";
import type { SecretRef } from "../manifest/types.js";

// Pre-flight's port and its findings: what preflight.ts and preflight-existing-data.ts share
// (src/aws/preflight-port.ts implements the reads).

/** What RDS says of a cluster: where it answers and which security groups guard it. */
export interface ClusterFacts {
  endpoint: string;
  securityGroups: string[];
}

/** The reads that find existing data before a deploy (src/aws/preflight-port.ts implements them). */
export interface ExistingDataPort {
  databaseCluster(identifier: string): Promise<Exclude<Found, "exists"> | ClusterFacts>;
  bucketExists(name: string): Promise<Found>;
}

/** What a pre-flight read found: the thing is there, is not, may not be read, or could not be asked about. */
export type Found = "exists" | "missing" | "denied" | { unknown: string };

/** The reads pre-flight needs: registries, Secrets Manager, SSM Parameter Store, ACM, RDS and S3. */
export interface PreflightPort extends ExistingDataPort {
  imageExists(pinnedRef: string): Promise<Found>;
  secretExists(ref: Exclude<SecretRef, { kind: "db" }>): Promise<Found>;
  certificateExists(arn: string): Promise<Found>;
  /** "exists" when RDS offers the engine version for Aurora Serverless v2 instances (db.serverless) in the Region. */
  serverlessVersionOrderable(engine: string, version: string): Promise<Found>;
}

export interface PreflightProblem {
  /** The service whose reference it is, or undefined for the environment's certificate. */
  service?: string;
  /** The manifest key that holds the reference (`services.web.secrets.STRIPE_KEY`, `certificate`); none for an image. */
  path?: string;
  /** Where the manifest writes that key: the command that read the file fills it in. */
  at?: Position;
  /** What a problem that is not a service's is about; the certificate when absent. */
  about?: string;
  reference: string;
  message: string;
  fix: string;
  /** Another way to fix it, on a line of its own. */
  hint?: string;
}

export interface PreflightResult {
  problems: PreflightProblem[];
  /** References that could not be checked (a registry out of reach): said, not fatal. */
  unchecked: string[];
}
