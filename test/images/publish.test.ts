import { describe, expect, test } from "vitest";
import type { Destination } from "../../src/images/destination.js";
import type { Builder } from "../../src/images/image-port.js";
import type { ImagePlan } from "../../src/images/plan.js";
import { decideBuild, publishImages, type ImageEvent, type PublishPorts } from "../../src/images/publish.js";

const DIGEST = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

const plan: ImagePlan = {
  app: "shop",
  version: "v1",
  builds: [
    {
      id: "web+worker",
      context: "/src",
      dockerfile: "/src/Dockerfile",
      args: {},
      platform: "linux/amd64",
      services: ["web", "worker"],
      labels: {},
      localTag: "berth/shop/web:v1",
    },
  ],
  prebuilt: [{ service: "proxy", image: "registry.example.com/nginx:1.27" }],
};

const destination: Destination = {
  kind: "ecr",
  endpoint: {
    host: "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
    credentials: { username: "AWS", password: "token" },
  },
  builderLogin: { username: "AWS", password: "token" },
  repositories: { web: "shop/web", worker: "shop/worker" },
};

/** A registry holding `tags` ("repository:tag" → digest); pushes add the pushed digest. */
function fakeWorld(tags: Record<string, string>) {
  const log: string[] = [];
  let builderStarted = false;
  const builder: Builder = {
    name: "buildah",
    build: async (b) => void log.push(`build ${b.id}`),
    login: async (host) => void log.push(`login ${host}`),
    push: async (_local, reference) => {
      log.push(`push ${reference}`);
      const [repo, tag] = reference.slice(reference.indexOf("/") + 1).split(":");
      tags[`${repo}:${tag}`] = DIGEST(9);
    },
  };
  const ports: PublishPorts = {
    registry: () => ({ manifestDigest: async (repository, reference) => tags[`${repository}:${reference}`] }),
    builder: async () => {
      builderStarted = true;
      return builder;
    },
    credentialsFor: async () => undefined,
  };
  return { ports, log, started: () => builderStarted };
}

const withProxy = { "nginx:1.27": DIGEST(5) };
const events: ImageEvent[] = [];
const emit = (e: ImageEvent) => void events.push(e);

describe("what a build needs", () => {
  const build = plan.builds[0]!;
  test("nothing when every service's tag is in the registry", () => {
    expect(decideBuild(build, { web: DIGEST(1), worker: DIGEST(1) }, false)).toEqual({ build: false, push: [] });
  });
  test("a build and a push of only the missing tags otherwise (an interrupted push resumes)", () => {
    expect(decideBuild(build, { web: DIGEST(1), worker: undefined }, false)).toEqual({ build: true, push: ["worker"] });
  });
  test("everything with --force", () => {
    expect(decideBuild(build, { web: DIGEST(1), worker: DIGEST(1) }, true)).toEqual({
      build: true,
      push: ["web", "worker"],
    });
  });
});

describe("publishing", () => {
  test("a version already in the registry starts no builder and pins the digests it has", async () => {
    const world = fakeWorld({ "shop/web:v1": DIGEST(1), "shop/worker:v1": DIGEST(2), ...withProxy });
    const images = await publishImages(plan, destination, world.ports, { force: false }, emit);
    expect(world.started()).toBe(false);
    expect(images.map((i) => [i.service, i.image, i.source])).toEqual([
      ["web", `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web@${DIGEST(1)}`, "present"],
      ["worker", `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/worker@${DIGEST(2)}`, "present"],
      ["proxy", `registry.example.com/nginx@${DIGEST(5)}`, "prebuilt"],
    ]);
  });

  test("a new version is built once, the builder logged in once, and pushed to each service's repository", async () => {
    const world = fakeWorld({ ...withProxy });
    const images = await publishImages(plan, destination, world.ports, { force: false }, emit);
    expect(world.log).toEqual([
      "build web+worker",
      "login 123456789012.dkr.ecr.eu-west-1.amazonaws.com",
      "push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:v1",
      "push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/worker:v1",
    ]);
    expect(images.slice(0, 2).map((i) => [i.digest, i.source])).toEqual([
      [DIGEST(9), "built"],
      [DIGEST(9), "built"],
    ]);
  });

  test("the digest comes from the registry after the push, so a push that left no tag is an error", async () => {
    const world = fakeWorld({ ...withProxy });
    world.ports.registry = () => ({ manifestDigest: async () => undefined });
    await expect(
      publishImages({ ...plan, prebuilt: [] }, destination, world.ports, { force: false }, emit),
    ).rejects.toThrow(/was pushed but the registry does not have it/);
  });

  test("an image pinned by digest in the manifest is used as written", async () => {
    const world = fakeWorld({ "shop/web:v1": DIGEST(1), "shop/worker:v1": DIGEST(1) });
    const images = await publishImages(
      { ...plan, prebuilt: [{ service: "proxy", image: `nginx@${DIGEST(7)}` }] },
      destination,
      world.ports,
      { force: false },
      emit,
    );
    expect(images[2]).toMatchObject({ image: `docker.io/library/nginx@${DIGEST(7)}`, source: "prebuilt" });
  });

  test("a prebuilt image that is not in its registry is an error naming the service", async () => {
    const world = fakeWorld({ "shop/web:v1": DIGEST(1), "shop/worker:v1": DIGEST(1) });
    await expect(publishImages(plan, destination, world.ports, { force: false }, emit)).rejects.toThrow(
      "services.proxy.image: registry.example.com/nginx:1.27 is not in its registry",
    );
  });
});
