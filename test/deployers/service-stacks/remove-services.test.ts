import { describe, expect, test } from "vitest";
import { deployEnvironment } from "../../../src/deployers/deploy-environment.js";
import { destroyEnvironment } from "../../../src/deployers/destroy-environment.js";
import type { Confirmation } from "../../../src/deployers/infrastructure/events.js";
import { findDroppedServices, removeDroppedServices } from "../../../src/deployers/service-stacks/remove-services.js";
import { instantClock } from "../../helpers/instant-clock.js";
import { manifestOf } from "../../render/helpers.js";
import { fakeStacks } from "./fake-stacks.js";

const m = manifestOf("app: shop\nservices:\n  api: { image: nginx }\n");
const ours = (service: string) => ({
  tags: { "berth:app": "shop", "berth:environment": "default", "berth:service": service },
});

/** A live environment `shop-default` with a cluster whose ECS services are `ecs`. */
function environment(ecs: string[]) {
  const cf = fakeStacks();
  cf.put("shop-default", {
    outputs: { ClusterName: "shop-default" },
    tags: { "berth:app": "shop", "berth:environment": "default" },
  });
  const services = {
    listServices: async () => [...ecs],
    removeService: async (_cluster: string, service: string) => void cf.calls.push(["RemoveService", service]),
    removeServices: async () => (cf.calls.push(["RemoveServices", "shop-default"]), [...ecs]),
  };
  return { cf, services };
}

const options = { confirm: async () => true, clock: instantClock(), pollMs: 1 };

describe("removing services", () => {
  test("a service dropped from the manifest: its ECS service, then its stack, then the environment stack", async () => {
    const { cf, services } = environment(["api", "old"]);
    cf.put("shop-default-old", ours("old"));
    const outcome = await deployEnvironment(
      m,
      {
        cloudFormation: cf.port,
        listenerRules: { describeRuleWeights: async () => ({}) },
        services,
        pushImages: async () => ({ images: {} }),
      },
      options,
    );
    expect(outcome.stacks.map((s) => [s.stackName, s.result])).toContainEqual(["shop-default-old", "deleted"]);
    const order = cf.calls
      .filter(
        ([op, stack]) =>
          op === "RemoveService" || op === "DeleteStack" || (op === "ExecuteChangeSet" && stack === "shop-default"),
      )
      .map(([op, stack]) => `${op} ${stack}`);
    expect(order).toEqual(["RemoveService old", "DeleteStack shop-default-old", "ExecuteChangeSet shop-default"]);
  });

  test("a stack an interrupted removal left behind is deleted; one of another environment sharing the prefix is not", async () => {
    const { cf, services } = environment(["api"]);
    cf.put("shop-default-old", ours("old"));
    cf.put("shop-default-eu-api", {
      tags: { "berth:app": "shop", "berth:environment": "default-eu", "berth:service": "api" },
    });
    cf.put("shop-default-untagged", {});
    const asked: Confirmation[] = [];
    const removal = await removeDroppedServices(m, cf.port, { ClusterName: "shop-default" }, services, {
      ...options,
      confirm: async (q) => (asked.push(q), true),
    });
    expect(removal).toMatchObject({ ok: true, services: [], stacks: ["old"] });
    expect(asked).toEqual([{ kind: "remove-services", stackName: "shop-default", services: [], stacks: ["old"] }]);
    expect(cf.called("DeleteStack")).toEqual(["shop-default-old"]);
  });

  test("declined, nothing is removed and the service is reported as not removed", async () => {
    const { cf, services } = environment(["api", "old"]);
    cf.put("shop-default-old", ours("old"));
    const removal = await removeDroppedServices(m, cf.port, { ClusterName: "shop-default" }, services, {
      ...options,
      confirm: async () => false,
    });
    expect(removal).toMatchObject({ ok: false, outcomes: [{ service: "old", result: "failed" }] });
    expect(cf.calls.filter(([op]) => op === "RemoveService" || op === "DeleteStack")).toEqual([]);
  });

  test("diff lists the services and stacks a deploy would remove, removing nothing", async () => {
    const { cf, services } = environment(["api", "old"]);
    cf.put("shop-default-old", ours("old"));
    const dropped = await findDroppedServices(m, cf.port, { ClusterName: "shop-default" }, services);
    expect(dropped).toEqual({ services: ["old"], stacks: ["old"] });
    expect(cf.calls.filter(([op]) => op === "RemoveService" || op === "DeleteStack")).toEqual([]);
  });
});

describe("destroy", () => {
  test("deletes every service stack of the environment before the environment stack, and no other", async () => {
    const { cf, services } = environment(["api", "web"]);
    for (const s of ["api", "web", "old"]) cf.put(`shop-default-${s}`, ours(s));
    cf.put("shop-default-eu-api", {
      tags: { "berth:app": "shop", "berth:environment": "default-eu", "berth:service": "api" },
    });
    const outcome = await destroyEnvironment(
      m,
      {
        cloudFormation: cf.port,
        listenerRules: { describeRuleWeights: async () => ({}) },
        services,
        buckets: { empty: async () => {} },
        leftovers: { removeScaling: async () => {}, deleteAlarms: async () => {}, deregisterFamily: async () => 0 },
      },
      { ...options, deleteData: false },
    );
    expect(outcome.result).toBe("destroyed");
    expect(
      cf.calls.filter(([op]) => op === "RemoveServices" || op === "DeleteStack").map(([op, s]) => `${op} ${s}`),
    ).toEqual([
      "RemoveServices shop-default",
      "DeleteStack shop-default-api",
      "DeleteStack shop-default-old",
      "DeleteStack shop-default-web",
      "DeleteStack shop-default",
    ]);
    expect(cf.get("shop-default-eu-api")).toBeDefined();
  });
});
