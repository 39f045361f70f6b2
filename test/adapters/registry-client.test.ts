import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseChallenge, RegistryClient } from "../../src/adapters/registry-client.js";
import { freePort } from "../helpers/free-port.mjs";
import { startRegistry, type RegistryServer } from "../helpers/registry-server.mjs";

describe("against a real registry with basic auth", () => {
  let registry: RegistryServer;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
  });

  test("a tag that does not exist has no digest", async () => {
    const client = new RegistryClient({
      host: registry.host,
      plainHttp: true,
      credentials: { username: registry.username, password: registry.password },
    });
    expect(await client.manifestDigest("acme/shop/web", "nope")).toBeUndefined();
  });

  test("credentials are sent up front: one request per lookup", async () => {
    const client = new RegistryClient({
      host: registry.host,
      plainHttp: true,
      credentials: { username: registry.username, password: registry.password },
    });
    const before = (await registry.accessLog()).length;
    await client.manifestDigest("acme/shop/web", "nope");
    expect((await registry.accessLog()).slice(before)).toHaveLength(1);
  });

  test("wrong credentials are refused with a way forward and without the password", async () => {
    const client = new RegistryClient({
      host: registry.host,
      plainHttp: true,
      credentials: { username: registry.username, password: "wrong-password" },
    });
    const error = (await client.manifestDigest("acme/shop/web", "v1").catch((e: unknown) => e)) as Error & {
      hint: string;
    };
    expect(error.message).toBe(`the registry refused access to ${registry.host}/acme/shop/web:v1 (HTTP 401)`);
    expect(error.hint).toContain("BERTH_REGISTRY_USERNAME");
    expect(`${error.message}${error.hint}`).not.toContain("wrong-password");
  });
});

describe("bearer token registries (Docker Hub, GHCR)", () => {
  let server: Server;
  let host: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? "-"}`);
      if (req.url?.startsWith("/token")) return res.end(JSON.stringify({ token: "T0K" }));
      if (req.headers.authorization !== "Bearer T0K") {
        res.writeHead(401, {
          "www-authenticate": `Bearer realm="http://${host}/token",service="test",scope="repository:library/nginx:pull"`,
        });
        return res.end();
      }
      res.writeHead(200, { "docker-content-digest": `sha256:${"a".repeat(64)}` });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const address = server.address();
    host = `127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test("a 401 with a Bearer challenge fetches a token for the scope and retries with it", async () => {
    const client = new RegistryClient({ host, plainHttp: true });
    expect(await client.manifestDigest("library/nginx", "1.27")).toBe(`sha256:${"a".repeat(64)}`);
    expect(seen).toEqual([
      "HEAD /v2/library/nginx/manifests/1.27 -",
      "GET /token?service=test&scope=repository%3Alibrary%2Fnginx%3Apull -",
      "HEAD /v2/library/nginx/manifests/1.27 Bearer T0K",
    ]);
  });

  test("the challenge header is parsed into its scheme and parameters", () => {
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io"')).toEqual({
      scheme: "bearer",
      params: { realm: "https://auth.docker.io/token", service: "registry.docker.io" },
    });
  });

  test("an unreachable registry is one clear line", async () => {
    const port = await freePort();
    const client = new RegistryClient({ host: `127.0.0.1:${port}`, plainHttp: true });
    await expect(client.manifestDigest("a/b", "v1")).rejects.toThrow(
      `cannot reach the registry 127.0.0.1:${port} (ECONNREFUSED)`,
    );
  });

  test("a registry on this machine that answers HTTPS in plain HTTP suggests --plain-http", async () => {
    const registry = await new Promise<Server>((resolve) => {
      const server = createServer((_, res) => res.end("{}")).listen(0, "127.0.0.1", () => resolve(server));
    });
    const port = (registry.address() as { port: number }).port;
    const client = new RegistryClient({ host: `127.0.0.1:${port}` });
    await expect(client.manifestDigest("a/b", "v1")).rejects.toMatchObject({
      message: `the registry 127.0.0.1:${port} answered HTTPS with plain HTTP`,
      hint: expect.stringMatching(/^pass --plain-http/),
    });
    registry.close();
  });
});
