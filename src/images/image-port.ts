// What the image use cases need from outside: this machine's builder, git and stored
// registry logins, a registry's API, and AWS. Adapters implement it (src/adapters/ for the
// machine and registries, src/aws/ for AWS); commands wire them (docs/architecture.md, "Layers").

import type { Build } from "./plan.js";

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface RegistryEndpoint {
  /** As written in image references: `ghcr.io`, `123456789012.dkr.ecr.eu-west-1.amazonaws.com`. */
  host: string;
  credentials?: RegistryCredentials;
  /** Plain HTTP; only ever chosen explicitly, for a loopback registry. */
  plainHttp?: boolean;
}

export interface RegistryLookup {
  manifestDigest(repository: string, reference: string): Promise<string | undefined>;
}

export interface PushOptions {
  /** Plain HTTP to a loopback registry; podman and buildah need it said, Docker allows loopback by itself. */
  plainHttp?: boolean;
}

/** The image builder on this machine, as the publishing core uses it. */
export interface Builder {
  name: string;
  build(build: Build, onLine: (line: string) => void): Promise<void>;
  login(host: string, credentials: RegistryCredentials, options: PushOptions): Promise<void>;
  push(localTag: string, reference: string, options: PushOptions, onLine: (line: string) => void): Promise<void>;
}

export interface FoundCredentials {
  credentials: RegistryCredentials;
  /** "environment": berth logs the builder in; "builder": the builder is logged in already. */
  from: "environment" | "builder";
}

export interface WorkingTree {
  sha: string;
  /** The origin remote's URL, when there is one. */
  remote?: string;
  /** The uncommitted change (tracked diff and untracked files), empty for a clean tree. */
  change: string;
}

/** Reads the git working tree that holds a directory; rejects outside git. */
export type WorkingTreeReader = (dir: string) => Promise<WorkingTree>;

/** What images need from this machine and from registries; wired by the command (src/adapters/image-ports.ts). */
export interface ImagePorts {
  registry(endpoint: RegistryEndpoint): RegistryLookup;
  /** Detected on first need: a push with nothing to do never starts a builder. */
  builder(): Promise<Builder>;
  /** Credentials for the registry of a prebuilt `image:` (other than the destination). */
  credentialsFor(host: string): Promise<RegistryCredentials | undefined>;
  /** Credentials for the registry berth pushes to: BERTH_REGISTRY_* first, then the builder's logins. */
  destinationCredentials(host: string): Promise<FoundCredentials | undefined>;
  workingTree: WorkingTreeReader;
}

/** What a push to ECR needs from it; the SDK adapter is src/aws/ecr.ts. */
export interface EcrPort {
  /**
   * GetAuthorizationToken: the registry host and a 12-hour login (user AWS); plainHttp when
   * the endpoint is `http://` on this machine (berth sandbox's registry), never otherwise.
   */
  authorization(): Promise<{ host: string; credentials: RegistryCredentials; plainHttp?: boolean }>;
  /** The repository's URI; undefined when it does not exist. */
  repositoryUri(name: string): Promise<string | undefined>;
}

/**
 * Images in a registry other than ECR are pulled by ECS with repository credentials kept
 * in Secrets Manager: a secret whose value is {"username","password"}, referenced by the
 * task definition's repositoryCredentials.credentialsParameter.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
 */
export interface PullCredentialsPort {
  /** Creates or updates the secret; returns its ARN and whether its value changed. */
  putCredentials(
    name: string,
    credentials: RegistryCredentials,
    tags: Record<string, string>,
  ): Promise<{ arn: string; changed: boolean }>;
}

/** What images need from AWS; each is reached only when a push needs it. */
export interface ImageCloud {
  ecr(): Promise<EcrPort>;
  /** Brings the app stack, which owns the ECR repositories, up to date (showing its progress). */
  deployAppStack(): Promise<void>;
  pullCredentials(): Promise<PullCredentialsPort>;
}
