import { expect, test } from "vitest";
import { promotedImages } from "../../src/deployers/promotion/promoted-images.js";
import type { EnvironmentStatus, ServiceStatus } from "../../src/deployers/status/environment-status.js";
import { manifestOf } from "../render/helpers.js";

const pinned = (d: string) => `repo/x@sha256:${d.repeat(64)}`;
const target = manifestOf(
  "app: shop\nservices:\n  web: { image: x, port: 80, http: {} }\n  worker: { image: x }\nenvironments: { staging: {}, production: {} }\n",
  { env: "production" },
);
const serving = (service: string, image: string, version = "abc1234"): ServiceStatus => ({
  service,
  state: "serving",
  serving: { taskDefinition: `td/${service}:3`, images: { [service]: image }, release: "r1", version },
  alarms: [],
});
const staging = (services: ServiceStatus[]): EnvironmentStatus => ({
  app: "shop",
  environment: "staging",
  stack: "shop-staging",
  services,
  schedules: [],
});

test("every service takes the digest staging serves, with staging's version", () => {
  const source = staging([serving("web", pinned("a")), serving("worker", pinned("b"))]);
  expect(promotedImages(target, source)).toEqual({
    ok: true,
    images: { web: pinned("a"), worker: pinned("b") },
    version: "abc1234",
  });
});

test("a release in flight, an unpinned image and mixed versions are each refused", () => {
  const moving = { ...serving("web", pinned("a")), inFlight: { deploymentArn: "d", status: "IN_PROGRESS" } };
  expect(promotedImages(target, staging([moving, serving("worker", "repo/x:latest")]))).toEqual({
    ok: false,
    problems: [
      "web: a release is in flight in staging; promote once it has ended",
      "worker: staging serves repo/x:latest, which is not pinned by digest",
    ],
  });
  const mixed = staging([serving("web", pinned("a"), "v1"), serving("worker", pinned("b"), "v2")]);
  expect(promotedImages(target, mixed)).toEqual({
    ok: false,
    problems: ["staging serves more than one version: v1 (web), v2 (worker)"],
  });
});

test("--tag names the version staging must serve", () => {
  const source = staging([serving("web", pinned("a")), serving("worker", pinned("b"))]);
  expect(promotedImages(target, source, "def5678")).toEqual({
    ok: false,
    problems: ["staging serves version abc1234, not def5678"],
  });
});
