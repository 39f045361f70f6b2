import { describe, expect, test } from "vitest";
import block from "../fixtures/blocks/placeholders.yml";

const vars = {
  Id: "Jobs",
  stackName: "shop-default",
  name: "jobs",
  delay: 5,
  tags: [{ Key: "team", Value: "core" }],
  fifo: undefined,
  maybe: undefined,
  count: 2,
  key: "Chosen",
};

describe("a building block, compiled (scripts/yaml-module.mjs)", () => {
  test("fills every placeholder: whole strings keep the value's type, text splices it, undefined removes the key or item", () => {
    expect(block(vars)).toStrictEqual({
      Resources: {
        JobsQueue: {
          Type: "AWS::SQS::Queue",
          Properties: {
            QueueName: "shop-default-jobs",
            DelaySeconds: 5,
            Tags: [{ Key: "team", Value: "core" }],
            Plain: { Nested: [1, true, null, "text"] },
          },
        },
        Listed: { Items: ["first", "Jobs-2", { Ref: "JobsQueue" }] },
        Chosen: "whole key",
      },
      Outputs: { Arn: { Value: { "Fn::GetAtt": ["JobsQueue", "Arn"] } } },
    });
  });

  test("keeps the block's key order, with removed keys left out", () => {
    const properties = (filled: Record<string, unknown>) =>
      Object.keys((filled.Resources as Record<string, { Properties: object }>).JobsQueue!.Properties);
    expect(properties(block(vars))).toEqual(["QueueName", "DelaySeconds", "Tags", "Plain"]);
    expect(properties(block({ ...vars, fifo: true }))).toEqual(["QueueName", "DelaySeconds", "Tags", "Fifo", "Plain"]);
    expect(Object.keys(block(vars).Resources as object)).toEqual(["JobsQueue", "Listed", "Chosen"]);
  });

  test("returns a new block on each call: changing one leaves the next as written", () => {
    const first = block(vars) as { Resources: { Listed: { Items: unknown[] } } };
    first.Resources.Listed.Items.push("changed");
    expect((block(vars) as typeof first).Resources.Listed.Items).toEqual(["first", "Jobs-2", { Ref: "JobsQueue" }]);
  });

  test("a missing variable, or a list or map inside text, is a bug in berth and says which placeholder", () => {
    const { name: _, ...withoutName } = vars;
    expect(() => block(withoutName)).toThrow("template placeholder {{name}} has no value");
    expect(() => block({ ...vars, count: [2] })).toThrow(
      "template placeholder {{count}} inside text needs a string or number",
    );
  });
});
