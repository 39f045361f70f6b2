import { describe, expect, test } from "vitest";
import { keepDeployedRules } from "../../src/deployers/deployed-weights.js";
import { renderApplication } from "../../src/render/render.js";
import type { Template } from "../../src/render/template.js";
import { manifestOf } from "../render/helpers.js";

const m = (path: string) =>
  manifestOf(
    `app: shop\nservices:\n  web: { image: "nginx@sha256:${"a".repeat(64)}", port: 80, http: { path: "${path}" } }\n`,
  );
const templateOf = (path: string, weights: { a: number; b: number }): Template => {
  const rendered = renderApplication(m(path), { traffic: { web: { production: weights, test: weights } } });
  if (!rendered.ok) throw new Error("does not render");
  return rendered.rendered.template;
};

describe("listener rules after a blue/green release", () => {
  test("a rule that differs only in its weights is rendered as deployed, so CloudFormation leaves it alone", () => {
    const deployed = templateOf("/", { a: 100, b: 0 });
    const kept = keepDeployedRules(m("/"), templateOf("/", { a: 0, b: 100 }), deployed);
    expect(kept.Resources.WebListenerRule).toEqual(deployed.Resources.WebListenerRule);
    expect(kept.Resources.WebTestListenerRule).toEqual(deployed.Resources.WebTestListenerRule);
  });

  test("a rule that changes in anything else keeps the live weights ECS set", () => {
    const live = templateOf("/api", { a: 0, b: 100 });
    const kept = keepDeployedRules(m("/api"), live, templateOf("/", { a: 100, b: 0 }));
    expect(kept.Resources.WebListenerRule).toEqual(live.Resources.WebListenerRule);
  });
});
