import { describe, expect, test } from "vitest";
import { applyingStacks } from "../../../src/deployers/apply-stack.js";
import { planningStacks } from "../../../src/deployers/plan/plan-stack.js";
import { deployServiceStacks } from "../../../src/deployers/service-stacks/deploy-service-stacks.js";
import { readEnvironmentStacks } from "../../../src/deployers/service-stacks/environment-stacks.js";
import type { Rendered } from "../../../src/render/render.js";
import type { Template } from "../../../src/render/template.js";
import type { Manifest } from "../../../src/manifest/types.js";
import { instantClock } from "../../helpers/instant-clock.js";
import { manifestOf } from "../../render/helpers.js";
import { fakeStacks } from "./fake-stacks.js";

const workers = (names: string[]) =>
  manifestOf(`app: shop\nservices:\n${names.map((n) => `  ${n}: { image: nginx }\n`).join("")}`);

function serviceTemplate(service: string, revision: string): Template {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: service,
    Parameters: { ClusterName: { Type: "String" } },
    Resources: { SecurityGroup: { Type: "AWS::EC2::SecurityGroup", Properties: { GroupDescription: revision } } },
    Outputs: { TemplateFingerprint: { Value: `${service}-${revision}` } },
  };
}

/** What render gives the deployer: each service's stack template at a revision (default 1). */
function rendered(m: Manifest, revisions: Record<string, string> = {}): Rendered {
  const services = Object.fromEntries(Object.keys(m.services).map((s) => [s, serviceTemplate(s, revisions[s] ?? "1")]));
  return { services } as unknown as Rendered;
}

const options = { confirm: async () => true, clock: instantClock(), pollMs: 1 };
const environmentOutputs = { ClusterName: "shop-default" };

async function deploy(
  cf: ReturnType<typeof fakeStacks>,
  m: Manifest,
  revisions: Record<string, string> = {},
  outputs = environmentOutputs,
) {
  const live = await readEnvironmentStacks(m, cf.port);
  const ports = { cloudFormation: cf.port, listenerRules: { describeRuleWeights: async () => ({}) } };
  return deployServiceStacks(
    m,
    rendered(m, revisions),
    live.services,
    outputs,
    ports,
    applyingStacks(cf.port, options),
  );
}

describe("service stacks", () => {
  test("each new service gets its own stack, tagged with its app, environment and service", async () => {
    const cf = fakeStacks();
    const results = await deploy(cf, workers(["api", "worker"]));
    expect(results.map((r) => [r.service, r.outcome.result])).toEqual([
      ["api", "created"],
      ["worker", "created"],
    ]);
    expect(cf.get("shop-default-api")?.tags).toEqual({
      "berth:app": "shop",
      "berth:environment": "default",
      "berth:service": "api",
    });
    expect(cf.get("shop-default-api")?.parameters).toEqual({ ClusterName: "shop-default" });
  });

  test("a redeploy with nothing changed makes one DescribeStacks per stack and nothing else", async () => {
    const cf = fakeStacks();
    const m = workers(["a", "b", "c"]);
    await deploy(cf, m);
    cf.calls.length = 0;
    const results = await deploy(cf, m);
    expect(results.map((r) => r.outcome.result)).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(cf.calls).toEqual([
      ["DescribeStacks", "shop-default"],
      ["DescribeStacks", "shop-default-a"],
      ["DescribeStacks", "shop-default-b"],
      ["DescribeStacks", "shop-default-c"],
    ]);
    expect(results[0]?.outputs).toEqual({ TemplateFingerprint: "a-1" });
  });

  test("a change to one service makes a change set for its stack alone", async () => {
    const cf = fakeStacks();
    const m = workers(["a", "b", "c"]);
    await deploy(cf, m);
    cf.calls.length = 0;
    const results = await deploy(cf, m, { b: "2" });
    expect(results.map((r) => r.outcome.result)).toEqual(["unchanged", "updated", "unchanged"]);
    expect(cf.called("CreateChangeSet")).toEqual(["shop-default-b"]);
    expect(results[1]?.outputs).toEqual({ TemplateFingerprint: "b-2" });
  });

  test("a changed environment value updates every stack that takes it as a parameter", async () => {
    const cf = fakeStacks();
    const m = workers(["a", "b"]);
    await deploy(cf, m);
    const results = await deploy(cf, m, {}, { ClusterName: "shop-default-2" });
    expect(results.map((r) => r.outcome.result)).toEqual(["updated", "updated"]);
    expect(cf.get("shop-default-a")?.parameters).toEqual({ ClusterName: "shop-default-2" });
  });

  test("a stack whose last update rolled back is applied again even though its outputs match", async () => {
    const cf = fakeStacks();
    const m = workers(["a"]);
    await deploy(cf, m);
    cf.get("shop-default-a")!.status = "UPDATE_ROLLBACK_COMPLETE";
    cf.calls.length = 0;
    await deploy(cf, m);
    expect(cf.called("CreateChangeSet")).toEqual(["shop-default-a"]);
  });

  test("at most five stacks change at once, and more than one does", async () => {
    const cf = fakeStacks();
    const names = Array.from({ length: 12 }, (_, i) => `s${String(i).padStart(2, "0")}`);
    const results = await deploy(cf, workers(names));
    expect(results.every((r) => r.outcome.result === "created")).toBe(true);
    expect(cf.maxInFlight()).toBe(5);
  });

  test("a stack that fails rolls back alone with its root cause; the others finish", async () => {
    const cf = fakeStacks();
    const m = workers(["a", "b", "c", "d"]);
    await deploy(cf, m);
    cf.fail("shop-default-b", "Resource handler returned message: ingress rule limit exceeded");
    const results = await deploy(cf, m, { a: "2", b: "2", c: "2", d: "2" });
    expect(results.map((r) => [r.service, r.outcome.result])).toEqual([
      ["a", "updated"],
      ["b", "failed"],
      ["c", "updated"],
      ["d", "updated"],
    ]);
    expect(results[1]?.outcome).toMatchObject({
      status: "UPDATE_ROLLBACK_COMPLETE",
      rootCause: { logicalId: "ServiceSecurityGroup", reason: expect.stringMatching(/ingress rule limit/) },
    });
    expect(cf.get("shop-default-b")?.outputs).toEqual({ TemplateFingerprint: "b-1" });
  });

  test("a stack with a service stack's name that belongs to another environment is refused and left alone", async () => {
    const cf = fakeStacks();
    cf.put("shop-default-eu", {
      tags: { "berth:app": "shop", "berth:environment": "default-eu", "berth:service": "api" },
    });
    const [result] = await deploy(cf, workers(["eu"]));
    expect(result?.outcome).toMatchObject({
      result: "stopped",
      reason: expect.stringMatching(/stack shop-default-eu .* belongs to environment default-eu/),
      hint: expect.stringMatching(/rename service eu/),
    });
    expect(cf.called("CreateChangeSet")).toEqual([]);
  });

  test("diff: a new service's stack is its planned creation, and no change set is left behind", async () => {
    const cf = fakeStacks();
    const m = workers(["a", "b"]);
    await deploy(cf, workers(["a"]));
    cf.calls.length = 0;
    const live = await readEnvironmentStacks(m, cf.port);
    const ports = { cloudFormation: cf.port, listenerRules: { describeRuleWeights: async () => ({}) } };
    const planning = planningStacks({ ...cf.port, deleteAbandonedReview: cf.port.deleteStack }, options);
    const results = await deployServiceStacks(
      m,
      rendered(m, { a: "2" }),
      live.services,
      environmentOutputs,
      ports,
      planning,
    );
    expect(results.map((r) => r.outcome.result)).toEqual(["planned", "planned"]);
    expect(results[1]?.outcome).toMatchObject({ summary: { added: [{ logicalId: "SecurityGroup" }] } });
    expect(cf.get("shop-default-b")).toBeUndefined();
    expect(cf.called("DeleteChangeSet")).toEqual(["shop-default-a"]);
    expect(cf.called("ExecuteChangeSet")).toEqual([]);
  });

  test("listener weights are read only for the stacks that will update", async () => {
    const cf = fakeStacks();
    const m = manifestOf(
      "app: shop\nservices:\n  a: { image: nginx, port: 80, http: { path: /a/* } }\n  b: { image: nginx, port: 80, http: { path: /b/* } }\n",
    );
    await deploy(cf, m);
    for (const [service, id] of [
      ["a", "A"],
      ["b", "B"],
    ] as const)
      Object.assign(cf.get(`shop-default-${service}`)!.outputs, {
        [`${id}ListenerRule`]: `rule-${service}`,
        [`${id}TestListenerRule`]: `test-rule-${service}`,
        [`${id}TargetGroupA`]: `tg-${service}-a`,
        [`${id}TargetGroupB`]: `tg-${service}-b`,
      });
    const asked: string[][] = [];
    const live = await readEnvironmentStacks(m, cf.port);
    const ports = {
      cloudFormation: cf.port,
      listenerRules: { describeRuleWeights: async (arns: string[]) => (asked.push(arns), {}) },
    };
    const step = applyingStacks(cf.port, options);
    await deployServiceStacks(m, rendered(m, { b: "2" }), live.services, environmentOutputs, ports, step);
    expect(asked).toEqual([["rule-b", "test-rule-b"]]);
  });
});

test("stacks changing side by side ask their questions one at a time", async () => {
  const cf = fakeStacks();
  const m = workers(["a", "b", "c"]);
  for (const s of ["a", "b", "c"])
    cf.put(`shop-default-${s}`, {
      status: "ROLLBACK_COMPLETE",
      tags: { "berth:app": "shop", "berth:environment": "default", "berth:service": s },
    });
  let open = 0;
  let most = 0;
  const confirm = async () => {
    most = Math.max(most, ++open);
    await new Promise((resolve) => setImmediate(resolve));
    open--;
    return true;
  };
  const live = await readEnvironmentStacks(m, cf.port);
  const ports = { cloudFormation: cf.port, listenerRules: { describeRuleWeights: async () => ({}) } };
  const step = applyingStacks(cf.port, { ...options, confirm });
  const results = await deployServiceStacks(m, rendered(m), live.services, environmentOutputs, ports, step);
  expect(results.map((r) => r.outcome.result)).toEqual(["created", "created", "created"]);
  expect(most).toBe(1);
});
