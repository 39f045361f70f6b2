import { stringify } from "yaml";
import { describe, expect, test } from "vitest";
import { deployEnvironment } from "../../../src/deployers/deploy-environment.js";
import type { Confirmation } from "../../../src/deployers/infrastructure/events.js";
import { instantClock } from "../../helpers/instant-clock.js";
import { manifestOf } from "../../render/helpers.js";
import { fakeStacks } from "../service-stacks/fake-stacks.js";

const m = manifestOf("app: shop\nservices:\n  web: { image: nginx, port: 80, http: {} }\n  worker: { image: nginx }\n");

/** `shop-default` as berth 0.1.0 left it: the services' roles in the environment stack. */
function legacyEnvironment() {
  const cf = fakeStacks();
  const body = stringify({
    Resources: { Cluster: { Type: "AWS::ECS::Cluster" }, WebTaskRole: { Type: "AWS::IAM::Role" } },
    Outputs: { ClusterName: { Value: "shop-default" } },
  });
  cf.put("shop-default", { outputs: { ClusterName: "shop-default" }, body });
  return cf;
}

const ports = (cf: ReturnType<typeof fakeStacks>) => ({
  cloudFormation: cf.port,
  listenerRules: { describeRuleWeights: async () => ({}) },
  pushImages: async () => ({ images: {} }),
});

describe("the upgrade from 0.1.0's layout", () => {
  test("is shown with the services it moves and those that stop serving, and declined executes nothing and leaves no change set", async () => {
    const cf = legacyEnvironment();
    const asked: Confirmation[] = [];
    const outcome = await deployEnvironment(m, ports(cf), {
      confirm: async (q) => (asked.push(q), false),
      clock: instantClock(),
      pollMs: 1,
    });
    expect(asked).toEqual([
      expect.objectContaining({ kind: "upgrade-layout", services: ["web"], recreated: ["web"], deleting: 1 }),
    ]);
    expect(outcome.ok).toBe(false);
    expect(cf.called("ExecuteChangeSet").filter((s) => s.startsWith("shop-default"))).toEqual([]);
    // The plan's change set for the environment stack (deploy plans, then applies) is deleted.
    const planned = cf.called("CreateChangeSet").filter((s) => s.startsWith("shop-default"));
    expect(planned).toEqual(["shop-default"]);
    expect(cf.called("DeleteChangeSet").filter((s) => s.startsWith("shop-default"))).toEqual(planned);
  });

  test("confirmed, the environment stack keeps the old wiring while the service stacks are created", async () => {
    const cf = legacyEnvironment();
    await deployEnvironment(m, ports(cf), { confirm: async () => true, clock: instantClock(), pollMs: 1 });
    const environment = await cf.port.getTemplate!("shop-default");
    expect(Object.keys(environment!.Resources)).toEqual(expect.arrayContaining(["WebTaskRole", "BerthLayoutUpgrade"]));
    expect(cf.called("ExecuteChangeSet")).toEqual(
      expect.arrayContaining(["shop-default", "shop-default-web", "shop-default-worker"]),
    );
  });
});
