/**
 * Image references as Docker and the OCI distribution spec read them:
 * `[host[:port]/]path[:tag][@digest]`. A first component with a dot, a colon or the name
 * `localhost` is a registry host; otherwise the image is on Docker Hub.
 */
export interface ImageReference {
  /** Registry host as written in references (`docker.io` for Docker Hub). */
  host: string;
  /** Repository path inside the registry, such as `library/nginx` or `shop/web`. */
  repository: string;
  tag?: string;
  digest?: string;
}

const DOCKER_HUB = "docker.io";

export function parseImageReference(text: string): ImageReference {
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > rest.lastIndexOf("/")) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
  }
  const slash = rest.indexOf("/");
  const first = slash < 0 ? "" : rest.slice(0, slash);
  const hasHost =
    first !== "" && (first.includes(".") || first.includes(":") || first === "localhost" || first.startsWith("["));
  const host = hasHost ? first : DOCKER_HUB;
  let repository = hasHost ? rest.slice(slash + 1) : rest;
  if (host === DOCKER_HUB && !repository.includes("/")) repository = `library/${repository}`;
  const reference: ImageReference = { host, repository };
  if (tag !== undefined) reference.tag = tag;
  else if (digest === undefined) reference.tag = "latest";
  if (digest !== undefined) reference.digest = digest;
  return reference;
}

/** The host that serves the distribution API (Docker Hub's API lives elsewhere). */
export function apiHost(host: string): string {
  return host === DOCKER_HUB ? "registry-1.docker.io" : host;
}

/** `host/repository`, the name a task definition uses before `:tag` or `@digest`. */
export function repositoryName(ref: Pick<ImageReference, "host" | "repository">): string {
  return `${ref.host}/${ref.repository}`;
}

/** The pinned form a task definition references: never a mutable tag. */
export function pinned(ref: Pick<ImageReference, "host" | "repository">, digest: string): string {
  return `${repositoryName(ref)}@${digest}`;
}

export function tagged(ref: Pick<ImageReference, "host" | "repository">, tag: string): string {
  return `${repositoryName(ref)}:${tag}`;
}

/** True for registries on this machine, the only ones plain HTTP may be used with. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, "");
  return name === "localhost" || name === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(name);
}
