import { describe, expect, test } from "vitest";
import { liveRuleArns, liveTrafficFrom } from "../../src/deployers/live-traffic.js";
import { manifestOf, render, resource } from "../render/helpers.js";

const TEXT = "app: shop\nservices:\n  web: { image: x, port: 80, http: {} }\n  worker: { image: x }\n";
const outputs = {
  WebTargetGroupA: "tg/a",
  WebTargetGroupB: "tg/b",
  WebListenerRule: "rule/prod",
  WebTestListenerRule: "rule/test",
};

describe("live traffic", () => {
  test("the rules to read are each web service's production and test rules", () => {
    expect(liveRuleArns(manifestOf(TEXT), outputs)).toEqual(["rule/prod", "rule/test"]);
  });

  test("weights ECS moved to target group B are read back per target group", () => {
    const weights = {
      "rule/prod": [
        { targetGroupArn: "tg/b", weight: 100 },
        { targetGroupArn: "tg/a", weight: 0 },
      ],
      "rule/test": [
        { targetGroupArn: "tg/a", weight: 0 },
        { targetGroupArn: "tg/b", weight: 100 },
      ],
    };
    expect(liveTrafficFrom(manifestOf(TEXT), outputs, weights)).toEqual({
      web: { production: { a: 0, b: 100 }, test: { a: 0, b: 100 } },
    });
  });

  test("an update rendered with the live weights keeps production on B", () => {
    const traffic = liveTrafficFrom(manifestOf(TEXT), outputs, {
      "rule/prod": [
        { targetGroupArn: "tg/a", weight: 0 },
        { targetGroupArn: "tg/b", weight: 100 },
      ],
      "rule/test": [
        { targetGroupArn: "tg/a", weight: 0 },
        { targetGroupArn: "tg/b", weight: 100 },
      ],
    });
    const rule = resource(render(TEXT, { traffic }), "WebListenerRule").Properties.Actions as {
      ForwardConfig: { TargetGroups: { Weight: number }[] };
    }[];
    expect(rule[0]?.ForwardConfig.TargetGroups.map((t) => t.Weight)).toEqual([0, 100]);
  });

  test("a service that is not live yet keeps the rendered default", () => {
    expect(liveTrafficFrom(manifestOf(TEXT), {}, {})).toEqual({});
  });
});

test("a rule forwarding to one target group only sends the other nothing", () => {
  const m = manifestOf("app: shop\nservices:\n  web: { image: x, port: 80, http: {} }\n");
  const outputs = {
    WebTargetGroupA: "tg/a",
    WebTargetGroupB: "tg/b",
    WebListenerRule: "rule/prod",
    WebTestListenerRule: "rule/test",
  };
  const weights = {
    "rule/prod": [{ targetGroupArn: "tg/b", weight: 100 }],
    "rule/test": [{ targetGroupArn: "tg/b", weight: 100 }],
  };
  expect(liveTrafficFrom(m, outputs, weights)).toEqual({
    web: { production: { a: 0, b: 100 }, test: { a: 0, b: 100 } },
  });
});
