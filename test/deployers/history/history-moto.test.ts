import { beforeAll, describe, expect, test } from "vitest";
import { cloudFormationPort } from "../../../src/aws/cloudformation.js";
import { appStackBootstrap } from "../../../src/deployers/app-stack.js";
import { berthTable } from "../../../src/aws/berth-table.js";
import { newReleaseId, type ReleaseRecord } from "../../../src/deployers/history/release-record.js";
import { useMotoServer } from "../../helpers/moto-server.js";
import { manifestOf } from "../../render/helpers.js";

const moto = useMotoServer();
const history = () => berthTable(moto.settings(), "shop").history;
const record = (
  id: string,
  environment = "production",
  outcome: ReleaseRecord["outcome"] = "succeeded",
): ReleaseRecord => ({
  id,
  app: "shop",
  environment,
  kind: "deploy",
  version: "abc1234",
  who: "ana",
  host: "laptop",
  startedAt: "2026-11-28T10:15:00.000Z",
  outcome,
  services: [
    {
      service: "web",
      result: "released",
      taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/shop-production-web:3",
      images: { web: "repo@sha256:abc" },
    },
  ],
});

beforeAll(async () => {
  await appStackBootstrap(
    manifestOf("app: shop\nservices:\n  web: { image: nginx }\n"),
    cloudFormationPort(moto.settings()),
  )();
});

describe("the release history against moto's DynamoDB", () => {
  test("releases are listed newest first, and only the environment's", async () => {
    for (const id of ["20261128-101500-aaaa", "20261128-111500-bbbb", "20261127-090000-cccc"])
      await history().put(record(id, "listing"));
    await history().put(record("20261128-120000-dddd", "elsewhere"));
    expect((await history().list("shop", "listing")).map((r) => r.id)).toEqual([
      "20261128-111500-bbbb",
      "20261128-101500-aaaa",
      "20261127-090000-cccc",
    ]);
  });

  test("a limit keeps the newest releases", async () => {
    for (const id of ["20261128-101500-aaaa", "20261128-111500-bbbb", "20261127-090000-cccc"])
      await history().put(record(id, "limited"));
    expect((await history().list("shop", "limited", 2)).map((r) => r.id)).toEqual([
      "20261128-111500-bbbb",
      "20261128-101500-aaaa",
    ]);
  });

  test("the final record of a release replaces its in-progress one", async () => {
    await history().put(record("20261128-101500-eeee", "final", "in-progress"));
    await history().put(record("20261128-101500-eeee", "final", "rolled-back"));
    expect(await history().list("shop", "final")).toEqual([record("20261128-101500-eeee", "final", "rolled-back")]);
    expect(await history().get("shop", "final", "20261128-101500-eeee")).toEqual(
      record("20261128-101500-eeee", "final", "rolled-back"),
    );
  });

  test("an app with no table yet has no history rather than an error", async () => {
    expect(await history().list("never-deployed", "production")).toEqual([]);
    expect(await history().get("never-deployed", "production", "20261128-101500-eeee")).toBeUndefined();
  });
});

test("release ids sort by the time they were made, to the millisecond", () => {
  const times = [
    Date.UTC(2026, 10, 28, 10, 15),
    Date.UTC(2026, 10, 28, 9, 59, 59, 999),
    Date.UTC(2026, 10, 28, 10, 15, 0, 17),
    Date.UTC(2027, 0, 1),
  ];
  const ids = times.map((t, i) => newReleaseId(t, () => (i === 0 ? 0.99 : 0)));
  expect(ids[0]).toBe("20261128-101500-000f");
  expect([...ids].sort()).toEqual([ids[1], ids[0], ids[2], ids[3]]);
});
