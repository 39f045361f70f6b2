import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { findCredentials } from "../../src/adapters/registry-credentials.js";

const auth = (user: string, pass: string) => Buffer.from(`${user}:${pass}`).toString("base64");

function authFile(content: object): string {
  const file = join(mkdtempSync(join(tmpdir(), "berth-auth-")), "auth.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe("registry credentials", () => {
  test("BERTH_REGISTRY_USERNAME and _PASSWORD come first, and berth logs the builder in with them", async () => {
    const found = await findCredentials("ghcr.io", {
      BERTH_REGISTRY_USERNAME: "bot",
      BERTH_REGISTRY_PASSWORD: "pw",
      HOME: "/nonexistent",
    });
    expect(found).toEqual({ credentials: { username: "bot", password: "pw" }, from: "environment" });
  });

  test("otherwise the builder's own login is read from its auth file", async () => {
    const file = authFile({
      auths: { "ghcr.io": { auth: auth("me", "tok:en") }, "other.io": { auth: auth("x", "y") } },
    });
    const found = await findCredentials("ghcr.io", {
      REGISTRY_AUTH_FILE: file,
      XDG_CONFIG_HOME: "/nonexistent",
      DOCKER_CONFIG: "/nonexistent",
    });
    expect(found).toEqual({ credentials: { username: "me", password: "tok:en" }, from: "builder" });
  });

  test("Docker's config keys registries by URL as well as by host", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-docker-"));
    writeFileSync(
      join(dir, "config.json"),
      JSON.stringify({ auths: { "https://registry.example.com/v1/": { auth: auth("me", "pw") } } }),
    );
    const found = await findCredentials("registry.example.com", {
      DOCKER_CONFIG: dir,
      XDG_CONFIG_HOME: "/nonexistent",
    });
    expect(found?.credentials).toEqual({ username: "me", password: "pw" });
  });

  test("no credentials anywhere is anonymous access", async () => {
    expect(
      await findCredentials("ghcr.io", { XDG_CONFIG_HOME: "/nonexistent", DOCKER_CONFIG: "/nonexistent" }),
    ).toBeUndefined();
  });
});

describe("Docker Hub", () => {
  test("a docker login to Docker Hub (stored as index.docker.io) serves docker.io images", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-docker-"));
    writeFileSync(
      join(dir, "config.json"),
      JSON.stringify({ auths: { "https://index.docker.io/v1/": { auth: auth("me", "hub") } } }),
    );
    const found = await findCredentials("docker.io", { DOCKER_CONFIG: dir, XDG_CONFIG_HOME: "/nonexistent" });
    expect(found?.credentials).toEqual({ username: "me", password: "hub" });
  });
});
