import { describe, expect, test } from "vitest";
import type { EnvironmentPorts } from "../../../src/deployers/environment-port.js";
import { summarizeChanges } from "../../../src/deployers/infrastructure/change-summary.js";
import { templateHash } from "../../../src/deployers/infrastructure/kept-change-set.js";
import { boundToPlan, unchangedAsPlanned } from "../../../src/deployers/plan/bound-to-plan.js";
import { stackRequest, type StackToApply } from "../../../src/deployers/stack-step.js";
import { UserError } from "../../../src/exit-codes.js";
import { planOf } from "../../helpers/plan.js";
import { manifestOf } from "../../render/helpers.js";
import { fakeStacks } from "../service-stacks/fake-stacks.js";

const m = manifestOf("app: shop\nservices:\n  web: { image: nginx, port: 80, http: {} }\n");
const PLANNED = "Resources: { A: { Type: X } }\n";
const MOVED = "Resources: { A: { Type: Y } }\n";

const web = (changeSet = true) => ({
  stackName: "shop-default-web",
  templateHash: templateHash(PLANNED),
  parameters: { Vpc: "vpc-1" },
  ...(changeSet ? { changeSet: { name: "berth-planned", type: "UPDATE" as const } } : {}),
});

function ports(cf: ReturnType<typeof fakeStacks>): EnvironmentPorts {
  return {
    cloudFormation: cf.port,
    listenerRules: { describeRuleWeights: async () => ({}) },
    pushImages: async () => ({ images: {} }),
    services: { listServices: async () => [], removeService: async () => {}, removeServices: async () => [] },
  };
}

const request = (templateBody: string, parameters = { Vpc: "vpc-1" }) => ({
  stackName: "shop-default-web",
  changeSetName: "berth-now",
  templateBody,
  parameters,
  type: "UPDATE" as const,
});

/** The web stack's plan bound with the given adherence, over fake stacks that hold the stack. */
function boundWeb(adherence: "exactly" | "following") {
  const cf = fakeStacks();
  cf.put("shop-default-web", {});
  return { cf, bound: boundToPlan(planOf({ images: {}, stacks: [web()] }), m, ports(cf), adherence) };
}

describe("a saved plan's apply (exactly)", () => {
  test("executes the plan's change set for the planned template, and makes none of its own", async () => {
    const { cf, bound } = boundWeb("exactly");
    await bound.ports.cloudFormation.createChangeSet(request(PLANNED));
    await bound.ports.cloudFormation.executeChangeSet("shop-default-web", "berth-now");
    expect(cf.called("CreateChangeSet")).toEqual([]);
    expect(cf.called("ExecuteChangeSet")).toEqual(["shop-default-web"]);
    expect(bound.unexecuted()).toEqual([]);
  });

  test("refuses a template or parameters the plan does not hold, and a removal it does not make", async () => {
    const bound = boundToPlan(planOf({ images: {}, stacks: [web()] }), m, ports(fakeStacks()), "exactly");
    await expect(bound.ports.cloudFormation.createChangeSet(request(MOVED))).rejects.toThrow(/another template/);
    await expect(bound.ports.cloudFormation.createChangeSet(request(PLANNED, { Vpc: "vpc-2" }))).rejects.toBeInstanceOf(
      UserError,
    );
    await expect(bound.ports.services!.removeService("shop-default", "web")).rejects.toThrow(/which the plan keeps/);
  });

  test("a 0.1.0 move's web services may be removed, and its last environment update made once the transition ran", async () => {
    const cf = fakeStacks();
    cf.put("shop-default", {});
    const transition = { ...web(), stackName: "shop-default" };
    const finish = { stackName: "shop-default", templateHash: templateHash(MOVED) };
    const upgrading = { services: ["web"], recreated: ["web"], deleting: 1, finish };
    const bound = boundToPlan(planOf({ images: {}, stacks: [transition], upgrading }), m, ports(cf), "exactly");
    await bound.ports.services!.removeService("shop-default", "web");
    const last = { ...request(MOVED), stackName: "shop-default" };
    // Not before the transition ran…
    await expect(bound.ports.cloudFormation.createChangeSet(last)).rejects.toThrow(/another template/);
    await bound.ports.cloudFormation.createChangeSet({ ...request(PLANNED), stackName: "shop-default" });
    await bound.ports.cloudFormation.executeChangeSet("shop-default", "berth-now");
    // …then made at apply, from the template the plan pinned.
    await bound.ports.cloudFormation.createChangeSet(last);
    expect(cf.called("CreateChangeSet")).toEqual(["shop-default"]);
  });
});

describe("a deploy's apply of its own plan (following)", () => {
  test("where the run moved a stack's inputs, the planned change set is deleted and one made from them", async () => {
    const { cf, bound } = boundWeb("following");
    await bound.ports.cloudFormation.createChangeSet(request(MOVED));
    expect(cf.called("DeleteChangeSet")).toEqual(["shop-default-web"]);
    expect(cf.called("CreateChangeSet")).toEqual(["shop-default-web"]);
    expect(bound.unexecuted()).toEqual([]);
  });

  test("a stack asked for again once its planned change set ran gets a new one, not the executed one", async () => {
    const { cf, bound } = boundWeb("following");
    await bound.ports.cloudFormation.createChangeSet(request(PLANNED));
    await bound.ports.cloudFormation.executeChangeSet("shop-default-web", "berth-now");
    expect(cf.called("CreateChangeSet")).toEqual([]);
    await bound.ports.cloudFormation.createChangeSet({ ...request(PLANNED), changeSetName: "berth-again" });
    expect(cf.called("CreateChangeSet")).toEqual(["shop-default-web"]);
  });

  test("a stack the plan found unchanged is left alone for the same inputs, and asked again for others", async () => {
    const stack = (type: string): StackToApply => ({
      stackName: "shop-default-web",
      template: {
        AWSTemplateFormatVersion: "2010-09-09",
        Description: "",
        Resources: { A: { Type: type } },
        Outputs: {},
      },
      tags: {},
      parameters: { Vpc: "vpc-1" },
    });
    // The plan holds the hash of the YAML berth writes for the stack.
    const unchanged = {
      ...web(false),
      templateHash: templateHash(stackRequest(stack("X")).templateBody),
      atApply: "unchanged" as const,
    };
    const asked: string[] = [];
    const step = unchangedAsPlanned(planOf({ images: {}, stacks: [unchanged] }), async (s) => {
      asked.push(s.stackName);
      return { result: "updated", stackName: s.stackName, summary: summarizeChanges([]) };
    });
    expect((await step(stack("X"))).result).toBe("unchanged");
    expect((await step(stack("Y"))).result).toBe("updated");
    expect(asked).toEqual(["shop-default-web"]);
  });
});
