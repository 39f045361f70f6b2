import { describe, expect, test } from "vitest";
import { UserError } from "../../src/exit-codes.js";
import { parseDeployedTemplate } from "../../src/aws/deployed-template.js";

describe("reading the template a stack was last deployed with", () => {
  test("berth's own long-form template reads as it was written (JSON is YAML too)", () => {
    const template = { Resources: { Rule: { Type: "AWS::ElasticLoadBalancingV2::ListenerRule", Properties: {} } } };
    expect(parseDeployedTemplate("shop-production", JSON.stringify(template))).toEqual(template);
  });

  test("short-form intrinsic functions read as their long form, not as plain strings", () => {
    const body = [
      "Resources:",
      "  Rule:",
      "    Properties:",
      "      ListenerArn: !Ref Listener",
      "      Group: !GetAtt WebTargetGroupA.TargetGroupArn",
      "      Name: !Sub '${AWS::StackName}-web'",
      "      Zones: !Join [',', !GetAZs '']",
    ].join("\n");
    expect(parseDeployedTemplate("shop-production", body).Resources).toEqual({
      Rule: {
        Properties: {
          ListenerArn: { Ref: "Listener" },
          Group: { "Fn::GetAtt": ["WebTargetGroupA", "TargetGroupArn"] },
          Name: { "Fn::Sub": "${AWS::StackName}-web" },
          Zones: { "Fn::Join": [",", { "Fn::GetAZs": "" }] },
        },
      },
    });
  });

  test("a template that is not YAML is an error naming the stack, never 'no template'", () => {
    const read = () => parseDeployedTemplate("shop-production-web", "Resources: [unclosed");
    expect(read).toThrow(UserError);
    expect(read).toThrow(/stack shop-production-web: the template it was last deployed with cannot be read/);
  });

  test("a template that is not a mapping is an error too", () => {
    expect(() => parseDeployedTemplate("shop-production", "- a\n- b")).toThrow(/not a mapping of sections/);
  });
});
