import { describe, expect, test } from "vitest";
import { settleBounded } from "../../../src/deployers/service-stacks/bounded.js";
import { serviceStackOwnership } from "../../../src/deployers/service-stacks/ownership.js";
import { isUpToDate } from "../../../src/deployers/service-stacks/up-to-date.js";
import type { Template } from "../../../src/render/template.js";

const template: Template = {
  AWSTemplateFormatVersion: "2010-09-09",
  Description: "api",
  Resources: {},
  Outputs: { TemplateFingerprint: { Value: "abc" } },
};
const live = (status: string, fingerprint = "abc", parameters = { ClusterName: "c" }) => ({
  stackId: "s",
  status,
  outputs: { TemplateFingerprint: fingerprint },
  parameters,
});

describe("whether a service stack is up to date", () => {
  test("the same fingerprint and parameters on a stack whose last update succeeded: up to date", () => {
    expect(isUpToDate(live("UPDATE_COMPLETE"), template, { ClusterName: "c" })).toBe(true);
    expect(isUpToDate(live("CREATE_COMPLETE"), template, { ClusterName: "c" })).toBe(true);
  });

  test("a different fingerprint, a different parameter or an extra parameter: not up to date", () => {
    expect(isUpToDate(live("UPDATE_COMPLETE", "old"), template, { ClusterName: "c" })).toBe(false);
    expect(isUpToDate(live("UPDATE_COMPLETE"), template, { ClusterName: "d" })).toBe(false);
    expect(isUpToDate(live("UPDATE_COMPLETE"), template, { ClusterName: "c", Vpc: "v" })).toBe(false);
  });

  test("a stack that rolled back, failed or is busy is not up to date whatever its outputs say", () => {
    for (const status of ["UPDATE_ROLLBACK_COMPLETE", "ROLLBACK_COMPLETE", "UPDATE_FAILED", "UPDATE_IN_PROGRESS"])
      expect(isUpToDate(live(status), template, { ClusterName: "c" })).toBe(false);
  });

  test("no stack, or a template without a fingerprint: not up to date", () => {
    expect(isUpToDate(undefined, template, {})).toBe(false);
    expect(isUpToDate(live("UPDATE_COMPLETE"), { ...template, Outputs: {} }, { ClusterName: "c" })).toBe(false);
  });
});

describe("whose a service stack is", () => {
  test("ours only when all three tags name this app, environment and service", () => {
    const tags = { "berth:app": "shop", "berth:environment": "staging", "berth:service": "eu-api" };
    expect(serviceStackOwnership({ tags }, "shop", "staging", "eu-api")).toEqual({ kind: "ours" });
    expect(serviceStackOwnership({ tags }, "shop", "staging-eu", "api")).toMatchObject({
      kind: "foreign",
      owner: "environment staging of app shop, service eu-api",
    });
    expect(serviceStackOwnership({ tags: {} }, "shop", "staging", "api")).toMatchObject({ kind: "foreign" });
    expect(serviceStackOwnership(undefined, "shop", "staging", "api")).toEqual({ kind: "absent" });
  });
});

describe("bounded work", () => {
  test("runs at most the bound at once, keeps the items' order, and a rejection does not stop the rest", async () => {
    let running = 0;
    let most = 0;
    const results = await settleBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      if (n === 2) throw new Error("two");
      return n * 10;
    });
    expect(most).toBe(3);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([
      10,
      "two",
      30,
      40,
      50,
      60,
      70,
    ]);
  });
});
