import { describe, expect, test } from "vitest";
import { isLoopbackHost, parseImageReference, pinned } from "../../src/images/reference.js";

describe("image references", () => {
  test.each([
    ["nginx", { host: "docker.io", repository: "library/nginx", tag: "latest" }],
    ["nginx:1.27", { host: "docker.io", repository: "library/nginx", tag: "1.27" }],
    ["acme/api:v2", { host: "docker.io", repository: "acme/api", tag: "v2" }],
    ["ghcr.io/acme/api:v2", { host: "ghcr.io", repository: "acme/api", tag: "v2" }],
    ["localhost:5000/api", { host: "localhost:5000", repository: "api", tag: "latest" }],
    [
      `public.ecr.aws/nginx/nginx@sha256:${"b".repeat(64)}`,
      { host: "public.ecr.aws", repository: "nginx/nginx", digest: `sha256:${"b".repeat(64)}` },
    ],
  ])("%s", (text, expected) => {
    expect(parseImageReference(text)).toEqual(expected);
  });

  test("a pinned reference is repository@digest, never a tag", () => {
    expect(pinned({ host: "ghcr.io", repository: "acme/api" }, "sha256:abc")).toBe("ghcr.io/acme/api@sha256:abc");
  });

  test.each([
    ["127.0.0.1:5000", true],
    ["localhost", true],
    ["[::1]:5000", true],
    ["registry.example.com", false],
    ["10.0.0.5:5000", false],
  ])("%s is on this machine: %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
