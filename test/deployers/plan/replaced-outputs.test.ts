import { describe, expect, test } from "vitest";
import { deployEnvironment } from "../../../src/deployers/deploy-environment.js";
import { summarizeChanges } from "../../../src/deployers/infrastructure/change-summary.js";
import { planningPort } from "../../../src/deployers/infrastructure/planning-port.js";
import { planEnvironment } from "../../../src/deployers/plan/plan-environment.js";
import { outputsAPlanKeeps } from "../../../src/deployers/plan/replaced-outputs.js";
import type { Template } from "../../../src/render/template.js";
import { instantClock } from "../../helpers/instant-clock.js";
import { manifestOf } from "../../render/helpers.js";
import { fakeStacks } from "../service-stacks/fake-stacks.js";

const replacing = (logicalId: string) =>
  summarizeChanges([{ action: "Modify", logicalId, resourceType: "AWS::EC2::SecurityGroup", replacement: "True" }]);

describe("the environment outputs a plan passes on", () => {
  const template = {
    Outputs: {
      Vpc: { Value: { Ref: "Vpc" } },
      LoadBalancerSecurityGroupGroupId: { Value: { "Fn::GetAtt": ["LoadBalancerSecurityGroup", "GroupId"] } },
      QueueUrl: { Value: { "Fn::Sub": "https://${JobsQueue.QueueName}" } },
    },
  } as unknown as Template;
  const live = { Vpc: "vpc-1", LoadBalancerSecurityGroupGroupId: "sg-1", QueueUrl: "https://q" };

  test("leave out those naming a resource the change set replaces, by Ref, GetAtt or Sub", () => {
    expect(outputsAPlanKeeps(live, template, replacing("LoadBalancerSecurityGroup"))).toEqual({
      Vpc: "vpc-1",
      QueueUrl: "https://q",
    });
    expect(outputsAPlanKeeps(live, template, replacing("JobsQueue"))).not.toHaveProperty("QueueUrl");
    expect(outputsAPlanKeeps(live, template, summarizeChanges([]))).toEqual(live);
  });

  test("a saved plan takes a service stack reading a replaced resource's output as one apply makes the change set of", async () => {
    const m = manifestOf(
      "app: shop\nservices:\n  web: { image: nginx, port: 80, http: {} }\n  worker: { image: nginx }\n",
    );
    const cf = fakeStacks();
    const ports = {
      cloudFormation: cf.port,
      listenerRules: { describeRuleWeights: async () => ({}) },
      pushImages: async () => ({ images: {} }),
    };
    await deployEnvironment(m, ports, { confirm: async () => true, clock: instantClock(), pollMs: 1 });
    // The next change replaces the load balancer's security group, which the web service's stack reads.
    const port = {
      ...cf.port,
      async describeChangeSet(stack: string, name: string) {
        const state = await cf.port.describeChangeSet(stack, name);
        if (stack !== "shop-default") return state;
        const change = {
          action: "Modify" as const,
          logicalId: "LoadBalancerSecurityGroup",
          replacement: "True" as const,
        };
        return { ...state, changes: [{ ...change, resourceType: "AWS::EC2::SecurityGroup" }] };
      },
    };
    const changed = manifestOf(
      "app: shop\nservices:\n  web: { image: nginx, port: 80, http: {} }\n  worker: { image: nginx }\nbuckets:\n  uploads: {}\n",
    );
    const { plan } = await planEnvironment(
      changed,
      { cloudFormation: planningPort(port), listenerRules: ports.listenerRules },
      { keep: true, berthVersion: "test", clock: instantClock(), pollMs: 1 },
    );
    const atApply = Object.fromEntries(plan!.stacks.map((s) => [s.stackName, s.atApply ?? "change set"]));
    expect(atApply).toMatchObject({ "shop-default": "change set", "shop-default-web": "parameters-unknown" });
    // The worker's stack reads no output of that group: it stays as it is.
    expect(atApply).not.toHaveProperty("shop-default-worker");
  });
});
