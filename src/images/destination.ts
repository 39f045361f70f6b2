import { EXIT, UserError } from "../exit-codes.js";
import type { ImagePorts, RegistryCredentials, RegistryEndpoint, EcrPort } from "./image-port.js";
import { isLoopbackHost } from "./reference.js";

/**
 * Where a push goes. ECR by default: one repository per built service, `<app>/<service>`,
 * so each service keeps its own history, lifecycle and permissions even when two services
 * share one build (that image is then tagged into both). With `registry:` or --registry,
 * the same layout under the given host and namespace: `ghcr.io/acme/<app>/<service>`.
 */
export interface Destination {
  kind: "ecr" | "registry";
  endpoint: RegistryEndpoint;
  /** Credentials berth logs the builder in with before pushing; absent when the builder is logged in already. */
  builderLogin?: RegistryCredentials;
  /** Service name → repository path inside the registry. */
  repositories: Record<string, string>;
}

export interface DestinationOptions {
  plainHttp?: boolean;
}

/**
 * ECR repositories belong to the app stack (CloudFormation owns infrastructure): when one
 * is missing — a first push before the first deploy, or a new service — the app stack is
 * brought up to date once, never a repository created beside it that the stack would
 * later collide with.
 */
export async function ecrDestination(
  ecr: EcrPort,
  app: string,
  services: string[],
  deployAppStack: () => Promise<void>,
): Promise<Destination> {
  const { host, credentials, plainHttp } = await ecr.authorization();
  const names = services.map((service) => `${app}/${service}`);
  let uris = await Promise.all(names.map((name) => ecr.repositoryUri(name)));
  if (uris.some((uri) => uri === undefined)) {
    await deployAppStack();
    uris = await Promise.all(names.map((name) => ecr.repositoryUri(name)));
  }
  const missing = names.filter((_, i) => uris[i] === undefined);
  if (missing.length > 0) {
    throw new UserError(
      `the app stack was deployed but ECR has no repository ${missing.join(", ")}`,
      EXIT.failure,
      "look at the app stack's events in the CloudFormation console",
    );
  }
  const repositories = Object.fromEntries(
    services.map((service, i) => [service, uris[i]!.slice(uris[i]!.indexOf("/") + 1)]),
  );
  return {
    kind: "ecr",
    endpoint: { host, credentials, ...(plainHttp ? { plainHttp } : {}) },
    builderLogin: credentials,
    repositories,
  };
}

export async function registryDestination(
  registry: string,
  app: string,
  services: string[],
  ports: Pick<ImagePorts, "destinationCredentials">,
  options: DestinationOptions = {},
): Promise<Destination> {
  const host = registryHost(registry);
  const namespace = registry.length > host.length ? `${registry.slice(host.length + 1)}/` : "";
  const plainHttp = plainHttpFor(host, options);
  const found = await ports.destinationCredentials(host);
  const endpoint: RegistryEndpoint = {
    host,
    ...(found ? { credentials: found.credentials } : {}),
    ...(plainHttp ? { plainHttp } : {}),
  };
  const repositories = Object.fromEntries(services.map((s) => [s, `${namespace}${app}/${s}`]));
  return {
    kind: "registry",
    endpoint,
    ...(found?.from === "environment" ? { builderLogin: found.credentials } : {}),
    repositories,
  };
}

/** `ghcr.io/acme` → `ghcr.io`. */
export function registryHost(registry: string): string {
  return registry.split("/")[0]!;
}

/** Plain HTTP is a choice the user makes out loud, and only for a registry on this machine. */
export function plainHttpFor(host: string, options: DestinationOptions): boolean {
  if (!options.plainHttp) return false;
  if (!isLoopbackHost(host))
    throw new UserError(
      `--plain-http is only allowed for a registry on this machine, not ${host}`,
      EXIT.usage,
      "remove --plain-http: remote registries are reached over HTTPS",
    );
  return true;
}
