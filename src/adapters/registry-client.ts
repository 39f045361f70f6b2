// The few calls of the OCI distribution API berth needs — does this tag exist, and what is
// its digest — with Basic auth sent up front when there are credentials (ECR, htpasswd
// registries: one round trip) and the Bearer token dance when the registry asks for it
// (Docker Hub, GHCR). https://github.com/opencontainers/distribution-spec/blob/main/spec.md

import { createHash } from "node:crypto";
import { EXIT, UserError } from "../exit-codes.js";
import type { RegistryEndpoint, RegistryLookup } from "../images/image-port.js";
import { apiHost, isLoopbackHost } from "../images/reference.js";
import { httpTransport, type HttpResponse, type Transport } from "./http-transport.js";

export const MANIFEST_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

export class RegistryClient implements RegistryLookup {
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly endpoint: RegistryEndpoint,
    private readonly transport: Transport = httpTransport,
  ) {}

  get host(): string {
    return this.endpoint.host;
  }

  /** The digest the tag (or digest) points at now, or undefined when it does not exist. */
  async manifestDigest(repository: string, reference: string): Promise<string | undefined> {
    const path = `/v2/${repository}/manifests/${reference}`;
    const head = await this.request(path, repository, "HEAD");
    if (head.status === 404) return undefined;
    this.check(head, repository, reference);
    const digest = head.header("docker-content-digest");
    if (digest) return digest;
    // Some registries leave the header off HEAD responses; the digest is the body's sha256.
    const get = await this.request(path, repository, "GET");
    this.check(get, repository, reference);
    return `sha256:${createHash("sha256").update(get.body).digest("hex")}`;
  }

  private check(response: HttpResponse, repository: string, reference: string): void {
    if (response.status >= 200 && response.status < 300) return;
    const where = `${this.endpoint.host}/${repository}:${reference}`;
    if (response.status === 401 || response.status === 403) {
      throw new UserError(
        `the registry refused access to ${where} (HTTP ${response.status})`,
        1,
        "check the registry credentials: BERTH_REGISTRY_USERNAME and BERTH_REGISTRY_PASSWORD, or log in with your builder",
      );
    }
    throw new UserError(`the registry answered HTTP ${response.status} for ${where}`);
  }

  private async request(path: string, repository: string, method: "HEAD" | "GET"): Promise<HttpResponse> {
    const url = `${this.endpoint.plainHttp ? "http" : "https"}://${apiHost(this.endpoint.host)}${path}`;
    const send = (authorization?: string) => this.send(url, method, authorization);
    const scope = `repository:${repository}:pull`;
    const cached = this.tokens.get(scope);
    const first = await send(cached ? `Bearer ${cached}` : this.basic());
    if (first.status !== 401) return first;
    const challenge = parseChallenge(first.header("www-authenticate") ?? "");
    // Basic credentials were sent already (or there are none): a 401 is the registry's answer.
    if (challenge?.scheme !== "bearer" || !challenge.params.realm) return first;
    const token = await this.bearerToken(challenge.params, scope);
    this.tokens.set(scope, token);
    return send(`Bearer ${token}`);
  }

  private async send(
    url: string,
    method: "HEAD" | "GET",
    authorization: string | undefined,
    accept: string = MANIFEST_TYPES,
  ): Promise<HttpResponse> {
    try {
      return await this.transport(url, method, { accept, ...(authorization ? { authorization } : {}) });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      if (!this.endpoint.plainHttp && answeredPlainHttp(error)) {
        const fix = isLoopbackHost(this.endpoint.host)
          ? "pass --plain-http: this registry on your machine speaks plain HTTP"
          : "serve the registry over HTTPS (TLS): berth reaches remote registries over HTTPS only";
        throw new UserError(`the registry ${this.endpoint.host} answered HTTPS with plain HTTP`, EXIT.usage, fix);
      }
      throw new UserError(
        `cannot reach the registry ${this.endpoint.host} (${reason})`,
        1,
        "check the registry address and your network",
      );
    }
  }

  private basic(): string | undefined {
    const c = this.endpoint.credentials;
    return c ? `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}` : undefined;
  }

  private async bearerToken(params: Record<string, string>, scope: string): Promise<string> {
    const url = new URL(params.realm!);
    if (params.service) url.searchParams.set("service", params.service);
    url.searchParams.set("scope", params.scope ?? scope);
    const response = await this.send(url.toString(), "GET", this.basic(), "application/json");
    if (response.status !== 200)
      throw new UserError(
        `the registry ${this.endpoint.host} gave no access token (HTTP ${response.status})`,
        1,
        "check the registry credentials",
      );
    let body: { token?: string; access_token?: string };
    try {
      body = JSON.parse(response.body.toString("utf8")) as typeof body;
    } catch {
      throw new UserError(
        `the registry ${this.endpoint.host} answered its token request with something other than JSON`,
      );
    }
    const token = body.token ?? body.access_token;
    if (!token) throw new UserError(`the registry ${this.endpoint.host} answered without an access token`);
    return token;
  }
}

/** A TLS handshake answered in plain HTTP: OpenSSL reads the HTTP status line as a bad record header. */
function answeredPlainHttp(error: unknown): boolean {
  const { code, message } = error as NodeJS.ErrnoException;
  return code === "ERR_SSL_WRONG_VERSION_NUMBER" || (code === "EPROTO" && /wrong version number/i.test(message));
}

/** `Bearer realm="https://…",service="…",scope="…"` → { scheme: "bearer", params }. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } | undefined {
  const match = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const [, key, quoted, bare] of match[2]!.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g))
    params[key!.toLowerCase()] = quoted ?? bare ?? "";
  return { scheme: match[1]!.toLowerCase(), params };
}
