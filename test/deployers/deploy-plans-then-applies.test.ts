import { describe, expect, test } from "vitest";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import type { Manifest } from "../../src/manifest/types.js";
import { instantClock } from "../helpers/instant-clock.js";
import { manifestOf } from "../render/helpers.js";
import { fakeStacks } from "./service-stacks/fake-stacks.js";

// berth deploy is berth plan --out, held in memory, then berth apply of it
// (docs/architecture.md, "Plan and apply"): what that means for the change sets.

const shop = (interval: number, extra = "") =>
  manifestOf(
    `app: shop\nservices:\n  web: { image: nginx, port: 80, http: { healthcheck: { interval: ${interval} } } }\n  worker: { image: nginx }\n${extra}`,
  );

function deploy(m: Manifest, cf: ReturnType<typeof fakeStacks>) {
  const ports = {
    cloudFormation: cf.port,
    listenerRules: { describeRuleWeights: async () => ({}) },
    pushImages: async () => ({ images: {} }),
  };
  return deployEnvironment(m, ports, { confirm: async () => true, clock: instantClock(), pollMs: 1 });
}

const stacks = ["shop-app", "shop-default", "shop-default-web", "shop-default-worker", "shop-default--dashboard"];

describe("a deploy plans, then applies", () => {
  test("each stack's change set is made once, by the plan, and executed by the apply", async () => {
    const cf = fakeStacks();
    const outcome = await deploy(shop(5), cf);
    expect(outcome.ok).toBe(true);
    expect([...cf.called("CreateChangeSet")].sort()).toEqual([...stacks].sort());
    expect([...cf.called("ExecuteChangeSet")].sort()).toEqual([...stacks].sort());
    expect(cf.called("DeleteChangeSet")).toEqual([]);
  });

  test("a stack the plan found unchanged gets no second change set", async () => {
    const cf = fakeStacks();
    await deploy(shop(5), cf);
    cf.calls.length = 0;
    const outcome = await deploy(shop(5), cf);
    expect(outcome.stacks.map((s) => s.result)).toEqual(stacks.map(() => "unchanged"));
    // The app and environment stacks are asked once (their change sets come back empty); the
    // service stacks and the dashboard not at all (their fingerprints match).
    expect(cf.called("CreateChangeSet")).toEqual(["shop-app", "shop-default"]);
    expect(cf.called("ExecuteChangeSet")).toEqual([]);
  });

  test("a failed environment stack leaves none of the plan's change sets behind", async () => {
    const cf = fakeStacks();
    await deploy(shop(5), cf);
    cf.calls.length = 0;
    cf.fail("shop-default", "The security group 'sg-1' does not exist");
    const outcome = await deploy(shop(9, "buckets:\n  uploads: {}\n"), cf);
    expect(outcome.ok).toBe(false);
    expect(outcome.stacks.find((s) => s.stackName === "shop-default")?.result).toBe("failed");
    // The web service's stack was planned (its health check changed) and never executed: its change set went.
    expect(cf.called("CreateChangeSet")).toContain("shop-default-web");
    expect(cf.called("ExecuteChangeSet")).toEqual(["shop-default"]);
    expect(cf.called("DeleteChangeSet")).toContain("shop-default-web");
  });

  test("a new service's stack the plan made to await review is deleted when the deploy stops first", async () => {
    const cf = fakeStacks();
    await deploy(shop(5), cf);
    cf.fail("shop-default", "The security group 'sg-1' does not exist");
    const outcome = await deploy(shop(5, "  mailer: { image: nginx }\nbuckets:\n  uploads: {}\n"), cf);
    expect(outcome.ok).toBe(false);
    // The plan made its CREATE change set (its parameters, the environment's outputs, exist)…
    expect(cf.called("CreateChangeSet")).toContain("shop-default-mailer");
    // …and the stack it made, empty, goes with it.
    expect(cf.called("DeleteStack")).toEqual(["shop-default-mailer"]);
    expect(cf.get("shop-default-mailer")).toBeUndefined();
  });
});
