import { describe, expect, test } from "vitest";
import { parameterizeStack, TEMPLATE_FINGERPRINT, templateFingerprint } from "../../src/render/service-stack.js";
import type { Template } from "../../src/render/template.js";
import { parametersOf } from "../../src/deployers/stack-step.js";
import { CASSANDRA, HELLO, render } from "./helpers.js";

const stack = (resources: Record<string, unknown>, outputs: Template["Outputs"] = {}): Template => ({
  AWSTemplateFormatVersion: "2010-09-09",
  Description: "test",
  Resources: resources,
  Outputs: outputs,
});

describe("a service stack receives the environment's values as parameters", () => {
  test("a Ref to a resource outside the stack becomes a parameter of the same name, and the environment outputs it", () => {
    const { template, environmentOutputs } = parameterizeStack(
      stack({ Rule: { Type: "X", Properties: { ListenerArn: { Ref: "HttpListener" }, Own: { Ref: "Rule" } } } }),
    );
    expect(template.Parameters).toEqual({
      HttpListener: { Type: "String", Description: "From the environment stack" },
    });
    expect(template.Resources.Rule).toEqual({
      Type: "X",
      Properties: { ListenerArn: { Ref: "HttpListener" }, Own: { Ref: "Rule" } },
    });
    expect(environmentOutputs).toEqual({ HttpListener: { Ref: "HttpListener" } });
  });

  test("a GetAtt outside the stack becomes a Ref to a parameter named by the id and the attribute without dots", () => {
    const { template, environmentOutputs } = parameterizeStack(
      stack({
        Group: { Type: "X", Properties: { A: { "Fn::GetAtt": ["Database", "Endpoint.Address"] } } },
        Other: { Type: "X", Properties: { B: { "Fn::GetAtt": ["Group", "GroupId"] }, C: { "Fn::GetAtt": "Lb.Name" } } },
      }),
    );
    expect(template.Resources.Group).toEqual({ Type: "X", Properties: { A: { Ref: "DatabaseEndpointAddress" } } });
    expect(template.Resources.Other).toEqual({
      Type: "X",
      Properties: { B: { "Fn::GetAtt": ["Group", "GroupId"] }, C: { Ref: "LbName" } },
    });
    expect(environmentOutputs).toEqual({
      DatabaseEndpointAddress: { "Fn::GetAtt": ["Database", "Endpoint.Address"] },
      LbName: { "Fn::GetAtt": ["Lb", "Name"] },
    });
  });

  test("Fn::Sub names outside resources by parameter, and leaves pseudo parameters, its own variables and escapes", () => {
    const text = "${AWS::Region}/${Queue}/${Queue.Arn}/${Own}/${!Literal}";
    const { template, environmentOutputs } = parameterizeStack(
      stack({
        Own: {
          Type: "X",
          Properties: { A: { "Fn::Sub": text }, B: { "Fn::Sub": [`${text}/\${Local}`, { Local: { Ref: "Vpc" } }] } },
        },
      }),
    );
    const expected = "${AWS::Region}/${Queue}/${QueueArn}/${Own}/${!Literal}";
    expect(template.Resources.Own).toEqual({
      Type: "X",
      Properties: {
        A: { "Fn::Sub": expected },
        B: { "Fn::Sub": [`${expected}/\${Local}`, { Local: { Ref: "Vpc" } }] },
      },
    });
    expect(Object.keys(environmentOutputs)).toEqual(["Queue", "QueueArn", "Vpc"]);
  });

  test("DependsOn keeps the stack's own resources and drops the environment's, which exist before any service stack", () => {
    const { template } = parameterizeStack(
      stack({
        A: { Type: "X", DependsOn: "Secret" },
        B: { Type: "X", DependsOn: ["A", "Secret"] },
      }),
    );
    expect(template.Resources.A).toEqual({ Type: "X" });
    expect(template.Resources.B).toEqual({ Type: "X", DependsOn: ["A"] });
  });

  test("each parameter's value comes from the environment output of the same name", () => {
    const { template } = parameterizeStack(stack({ A: { Type: "X", Properties: { V: { Ref: "Vpc" } } } }));
    expect(parametersOf(template, { Vpc: "vpc-1", Other: "x" })).toEqual({
      parameters: { Vpc: "vpc-1" },
      parametersKnown: true,
    });
    expect(parametersOf(template, {})).toEqual({ parameters: { Vpc: "" }, parametersKnown: false });
  });

  test("every parameter of every rendered service stack is an output of the environment stack, and the stacks share no resource", () => {
    for (const rendered of [render(CASSANDRA, { env: "production" }), render(HELLO)]) {
      for (const template of Object.values(rendered.services)) {
        for (const name of Object.keys(template.Parameters ?? {}))
          expect(rendered.template.Outputs).toHaveProperty(name);
        for (const id of Object.keys(template.Resources)) expect(rendered.template.Resources).not.toHaveProperty(id);
      }
    }
  });

  test("the environment stack holds no per-service resource", () => {
    const rendered = render(CASSANDRA, { env: "production" });
    const ids = Object.keys(rendered.template.Resources);
    expect(ids.filter((id) => /^(Web|Worker)/.test(id))).toEqual([]);
    expect(Object.keys(rendered.services)).toEqual(["web", "worker"]);
  });
});

describe("the template fingerprint", () => {
  const live = { web: { production: { a: 0, b: 100 }, test: { a: 0, b: 100 } } };

  test("is the sha256 of the service template without live weights and without the fingerprint output", () => {
    const fresh = render(CASSANDRA).services.web!;
    expect(fresh.Outputs[TEMPLATE_FINGERPRINT]!.Value).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh.Outputs[TEMPLATE_FINGERPRINT]!.Value).toBe(templateFingerprint(fresh));
  });

  test("live weights change the template but never its fingerprint", () => {
    const fresh = render(CASSANDRA).services.web!;
    const moved = render(CASSANDRA, { traffic: live }).services.web!;
    expect(JSON.stringify(moved.Resources)).not.toBe(JSON.stringify(fresh.Resources));
    expect(moved.Outputs[TEMPLATE_FINGERPRINT]).toEqual(fresh.Outputs[TEMPLATE_FINGERPRINT]);
  });

  test("changes when the service's infrastructure changes", () => {
    const before = render(HELLO).services.web!.Outputs[TEMPLATE_FINGERPRINT]!.Value;
    const after = render(HELLO.replace("port: 80", "port: 8080")).services.web!.Outputs[TEMPLATE_FINGERPRINT]!.Value;
    expect(after).not.toBe(before);
  });

  test("does not depend on the order of keys", () => {
    const a = stack({ A: { Type: "X", Properties: { P: 1, Q: 2 } } });
    const b = stack({ A: { Properties: { Q: 2, P: 1 }, Type: "X" } });
    expect(templateFingerprint(a)).toBe(templateFingerprint(b));
  });
});
