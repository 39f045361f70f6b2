import { describe, expect, test } from "vitest";
import { accountNeeds, quotaProblems, noCounts } from "../../src/deployers/account-quotas/account-quotas.js";
import { declaredQuotas } from "../../src/aws/account-usage.js";
import { render } from "../render/helpers.js";
import { readFileSync } from "node:fs";

const cassandra = readFileSync("examples/cassandra/berth.yml", "utf8");
const needs = (env: string) => accountNeeds(render(cassandra, { env }).template);
const baseNeeds = () => accountNeeds(render(cassandra, { env: "pr-3" }).previewBase!);

describe("what a new environment adds to the account", () => {
  test("the previews' shared base of the reference app: a VPC and its internet gateway, a load balancer, a cluster, no NAT", () => {
    expect(baseNeeds()).toEqual({
      vpcs: 1,
      internetGateways: 1,
      elasticIps: 0,
      natGateways: 0,
      loadBalancers: 1,
      auroraClusters: 1,
    });
  });

  test("a preview on the base adds none of them: no VPC, gateway, address, load balancer or cluster", () => {
    expect(Object.values(needs("pr-3")).every((n) => n === 0)).toBe(true);
  });

  test("staging's single NAT gateway takes an Elastic IP", () => {
    expect(needs("staging")).toMatchObject({ elasticIps: 1, natGateways: 1 });
  });
});

describe("quotas crossed", () => {
  const full = { counts: { ...noCounts(), vpcs: 5, internetGateways: 5 }, how: "counted" };

  test("a quota the environment would cross names the quota, its code, the count and both fixes", () => {
    const problems = quotaProblems(baseNeeds(), full, {}, "eu-south-1");
    expect(problems.map((p) => p.reference)).toEqual([
      "VPCs per Region (L-F678F1CE)",
      "Internet gateways per Region (L-A4707A72)",
    ]);
    expect(problems[0]).toMatchObject({
      about: "account quota",
      message: "the environment needs 1 more, and 5 of 5 (AWS's default) are in use in eu-south-1 (counted)",
      fix: expect.stringContaining("network: { vpc: vpc-…"),
    });
    expect(problems[0]?.fix).toContain(
      "https://console.aws.amazon.com/servicequotas/home/services/vpc/quotas/L-F678F1CE",
    );
  });

  test("the account's own quota, when known, replaces AWS's default", () => {
    const raised = declaredQuotas("L-F678F1CE=20, L-A4707A72=20, L-XXXX=3, L-0263D0A3=zero");
    expect(raised).toEqual({ vpcs: 20, internetGateways: 20 });
    expect(quotaProblems(baseNeeds(), full, raised, "eu-south-1")).toEqual([]);
  });

  test("an environment that creates none of them crosses nothing, whatever is in use", () => {
    const inExistingVpc = { ...noCounts(), loadBalancers: 0 };
    expect(quotaProblems(inExistingVpc, full, {}, "eu-south-1")).toEqual([]);
  });
});
