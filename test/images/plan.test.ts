import { describe, expect, test } from "vitest";
import { planImages, sourceUrl, type Provenance } from "../../src/images/plan.js";
import { manifest } from "../manifest/helpers.js";

const provenance: Provenance = {
  version: "abc1234",
  revision: "abc1234",
  created: "2026-11-26T12:00:00.000Z",
  source: "https://github.com/acme/shop",
};
const plan = (text: string) => planImages(manifest(text), "/src/shop", provenance);

describe("build planning", () => {
  test("services with the same context, dockerfile, target and args share one build", () => {
    const { builds } = plan(
      "app: shop\nservices:\n  web: { build: . }\n  worker: { build: { context: ., dockerfile: Dockerfile } }\n",
    );
    expect(builds).toHaveLength(1);
    expect(builds[0]).toMatchObject({
      id: "web+worker",
      services: ["web", "worker"],
      context: "/src/shop",
      dockerfile: "/src/shop/Dockerfile",
    });
  });

  test("a different target, build arg or dockerfile is a different build", () => {
    const { builds } = plan(
      "app: shop\nservices:\n  a: { build: . }\n  b: { build: { context: ., target: worker } }\n  c: { build: { context: ., args: { X: 1 } } }\n  d: { build: { context: ., dockerfile: Other.Dockerfile } }\n",
    );
    expect(builds.map((b) => b.services)).toEqual([["a"], ["b"], ["c"], ["d"]]);
  });

  test("build args written in another order are the same build", () => {
    const { builds } = plan(
      "app: shop\nservices:\n  a: { build: { context: ., args: { X: 1, Y: 2 } } }\n  b: { build: { context: ., args: { Y: 2, X: 1 } } }\n",
    );
    expect(builds).toHaveLength(1);
  });

  test("the platform follows the service's CPU architecture, amd64 by default", () => {
    const { builds } = plan("app: shop\nservices:\n  web: { build: . }\n  arm: { build: ., arch: arm64 }\n");
    expect(builds.map((b) => [b.services, b.platform])).toEqual([
      [["web"], "linux/amd64"],
      [["arm"], "linux/arm64"],
    ]);
  });

  test("a build carries the OCI revision, version, creation and source labels", () => {
    const [build] = plan("app: shop\nservices:\n  web: { build: . }\n").builds;
    expect(build?.labels).toEqual({
      "org.opencontainers.image.revision": "abc1234",
      "org.opencontainers.image.version": "abc1234",
      "org.opencontainers.image.created": "2026-11-26T12:00:00.000Z",
      "org.opencontainers.image.source": "https://github.com/acme/shop",
    });
    expect(build?.localTag).toBe("berth/shop/web:abc1234");
  });

  test("services with image: are not built; their digests are resolved instead", () => {
    const result = plan("app: shop\nservices:\n  web: { build: . }\n  proxy: { image: nginx:1.27 }\n");
    expect(result.builds.map((b) => b.id)).toEqual(["web"]);
    expect(result.prebuilt).toEqual([{ service: "proxy", image: "nginx:1.27" }]);
  });
});

describe("source label", () => {
  test.each([
    ["git@github.com:acme/shop.git", "https://github.com/acme/shop"],
    ["https://x-access-token:ghs_secret@github.com/acme/shop.git", "https://github.com/acme/shop"],
    ["", undefined],
  ])("%s becomes %s, without credentials", (remote, url) => {
    expect(sourceUrl(remote)).toBe(url);
  });
});
