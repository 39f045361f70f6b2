import { describe, expect, test } from "vitest";
import type { ReleaseRecord } from "../../src/deployers/history/release-record.js";
import { releaseLogGroups, releaseStreams, type ServiceTask } from "../../src/deployers/release-tasks.js";

const TD = (n: number) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-staging-web:${n}`;
const task = (id: string, taskDefinition: string, containers = ["web"]): ServiceTask => ({
  taskArn: `arn:aws:ecs:eu-west-1:123456789012:task/shop-staging/${id}`,
  taskDefinition,
  containers,
});
const release = (services: ReleaseRecord["services"]): ReleaseRecord => ({
  id: "20261128-101500-1f3a",
  app: "shop",
  environment: "staging",
  kind: "deploy",
  version: "abc1234",
  who: "ana",
  host: "laptop",
  startedAt: "2026-11-28T10:15:00Z",
  outcome: "succeeded",
  services,
});
const groups = [
  { service: "web", logGroupName: "/berth/shop/staging/web" },
  { service: "worker", logGroupName: "/berth/shop/staging/worker" },
];

describe("berth logs --release", () => {
  test("keeps the streams of the tasks running the release's task definition, one per container", () => {
    const record = release([{ service: "web", result: "released", taskDefinition: TD(2), images: {} }]);
    const tasks = { web: [task("old1", TD(1)), task("new1", TD(2), ["web", "proxy"]), task("new2", TD(2))] };
    expect(releaseStreams(record, groups.slice(0, 1), tasks)).toEqual({
      groups: [{ ...groups[0], logStreamNames: ["web/web/new1", "web/proxy/new1", "web/web/new2"] }],
      notes: [],
    });
  });

  test("a service the release has no task definition for is noted, not read", () => {
    const record = release([{ service: "web", result: "released", taskDefinition: TD(2), images: {} }]);
    const chosen = releaseStreams(record, groups, { web: [task("new1", TD(2))] });
    expect(chosen.groups.map((g) => g.service)).toEqual(["web"]);
    expect(chosen.notes).toEqual(["worker: release 20261128-101500-1f3a has no task definition for it"]);
  });

  test("a release whose tasks ECS no longer lists says so rather than printing nothing", () => {
    const record = release([{ service: "web", result: "released", taskDefinition: TD(2), images: {} }]);
    const chosen = releaseStreams(record, groups.slice(0, 1), { web: [task("newer", TD(3))] });
    expect(chosen.groups).toEqual([]);
    expect(chosen.notes).toEqual([expect.stringContaining("stopped more than about an hour ago")]);
  });

  test("an unknown release id is a usage error that names berth releases", async () => {
    const port = { tasks: async () => [] };
    const request = { id: "20260101-000000-0000", environment: "staging", cluster: "shop-staging" };
    await expect(releaseLogGroups(undefined, request, groups, port, () => {})).rejects.toMatchObject({
      message: "there is no release 20260101-000000-0000 in environment staging",
      exitCode: 2,
      hint: "list its releases: berth releases -e staging",
    });
  });
});
