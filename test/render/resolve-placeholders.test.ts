import { describe, expect, test } from "vitest";
import { resolvePlaceholders, withDerivedOutputs } from "../../src/render/resolve-placeholders.js";
import { CASSANDRA, render } from "./helpers.js";

const rendered = render(CASSANDRA, { env: "production" });
/** The release path reads the environment stack's outputs merged with every service stack's. */
const outputNames = [rendered.template, ...Object.values(rendered.services)].flatMap((t) => Object.keys(t.Outputs));
const outputs = Object.fromEntries(outputNames.map((name) => [name, `arn:aws:x:eu-south-1:123456789012:live/${name}`]));
const values = {
  outputs,
  images: { web: "123.dkr.ecr.eu-south-1.amazonaws.com/cassandra/web@sha256:abc", worker: "w@sha256:def" },
  region: "eu-south-1",
  account: "123456789012",
  partition: "aws",
  taskDefinition: "arn:td:1",
};

describe("placeholders", () => {
  test("every placeholder of every definition is filled from stack outputs, images and the account", () => {
    for (const definition of [
      ...Object.values(rendered.taskDefinitions),
      ...Object.values(rendered.serviceDefinitions),
    ]) {
      const resolved = resolvePlaceholders(definition, values);
      expect(resolved.ok).toBe(true);
      if (resolved.ok) expect(JSON.stringify(resolved.value)).not.toMatch(/\{\{/);
    }
  });

  test("the image is pinned by digest and secrets point at this account's ARNs", () => {
    const resolved = resolvePlaceholders(rendered.taskDefinitions.web!, values);
    if (!resolved.ok) throw new Error("unresolved");
    const container = resolved.value.containerDefinitions![0]!;
    expect(container.image).toBe(values.images.web);
    expect(container.secrets?.find((s) => s.name === "STRIPE_KEY")?.valueFrom).toBe(
      "arn:aws:secretsmanager:eu-south-1:123456789012:secret:production/stripe:key::",
    );
  });

  test("a value the stack did not provide is reported by name", () => {
    const resolved = resolvePlaceholders(rendered.taskDefinitions.web!, { ...values, outputs: {} });
    expect(resolved).toMatchObject({
      ok: false,
      missing: expect.arrayContaining(["stack:WebLogGroup", "stack:DatabaseEndpoint"]),
    });
  });

  test("a target group's and the load balancer's CloudWatch names come from their ARNs", () => {
    expect(
      withDerivedOutputs({
        LoadBalancerArn: "arn:aws:elasticloadbalancing:r:1:loadbalancer/app/shop/abc",
        WebTargetGroupA: "arn:aws:elasticloadbalancing:r:1:targetgroup/shop-a/def",
      }),
    ).toMatchObject({
      LoadBalancerFullName: "app/shop/abc",
      WebTargetGroupAFullName: "targetgroup/shop-a/def",
    });
  });

  test("a definition reads the derived names as withDerivedOutputs gives them, and every output as it is", () => {
    const arns = {
      LoadBalancerArn: "arn:aws:elasticloadbalancing:r:1:loadbalancer/app/shop/abc",
      EdgeLoadBalancerArn: "arn:aws:elasticloadbalancing:r:1:loadbalancer/app/edge/123",
      WebTargetGroupB: "arn:aws:elasticloadbalancing:r:1:targetgroup/shop-b/def",
      WebLogGroup: "shop-web",
    };
    const all = withDerivedOutputs(arns);
    const definition = Object.fromEntries(Object.keys(all).map((name) => [name, `{{stack:${name}}}`]));
    expect(resolvePlaceholders(definition, { ...values, outputs: arns })).toEqual({ ok: true, value: all });
    expect(resolvePlaceholders({ a: "{{stack:ApiTargetGroupAFullName}}" }, { ...values, outputs: arns })).toEqual({
      ok: false,
      missing: ["stack:ApiTargetGroupAFullName"],
    });
  });

  test("another load balancer's CloudWatch name comes from its own ARN output", () => {
    expect(
      withDerivedOutputs({
        LoadBalancerArn: "arn:aws:elasticloadbalancing:r:1:loadbalancer/app/shop/abc",
        PublicApiLoadBalancerArn: "arn:aws:elasticloadbalancing:r:1:loadbalancer/app/shop-api/xyz",
      }),
    ).toMatchObject({ LoadBalancerFullName: "app/shop/abc", PublicApiLoadBalancerFullName: "app/shop-api/xyz" });
  });

  test("every stack output a definition names is one the stack template declares, or derives from one", () => {
    const declared = new Set(
      Object.keys(
        withDerivedOutputs(Object.fromEntries(outputNames.map((name) => [name, "arn:aws:x:r:1:loadbalancer/x"]))),
      ),
    );
    const named =
      JSON.stringify([rendered.taskDefinitions, rendered.serviceDefinitions]).match(/\{\{stack:([A-Za-z0-9]+)\}\}/g) ??
      [];
    expect(named.map((p) => p.slice(8, -2)).filter((name) => !declared.has(name))).toEqual([]);
  });
});
