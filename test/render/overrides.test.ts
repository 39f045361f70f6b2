import { describe, expect, test } from "vitest";
import { renderApplication } from "../../src/render/render.js";
import { formatProblem } from "../../src/ui/problems.js";
import { manifestOf, render, resource } from "./helpers.js";

const BASE = "app: shop\nservices:\n  web: { image: x, port: 80, http: {} }\n";

function problemsOf(text: string): string[] {
  const result = renderApplication(manifestOf(text));
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe("overrides", () => {
  test("replace changes a rendered value", () => {
    const r = render(
      `${BASE}overrides:\n  - { op: replace, path: /Resources/WebTargetGroupA/Properties/HealthCheckIntervalSeconds, value: 10 }\n`,
    );
    expect(resource(r, "WebTargetGroupA").Properties.HealthCheckIntervalSeconds).toBe(10);
    expect(resource(r, "WebTargetGroupB").Properties.HealthCheckIntervalSeconds).toBe(5);
  });

  test("add and remove work on maps and lists", () => {
    const r = render(
      `${BASE}overrides:\n  - { op: add, path: /Resources/WebLogGroup/Properties/KmsKeyId, value: arn:aws:kms:eu-west-1:123456789012:key/k }\n  - { op: remove, path: /Resources/WebLogGroup/Properties/RetentionInDays }\n  - { op: add, path: /Resources/Vpc/Properties/Tags/-, value: { Key: team, Value: shop } }\n`,
    );
    expect(resource(r, "WebLogGroup").Properties).toEqual({
      LogGroupName: "/berth/shop/default/web",
      KmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k",
    });
    expect(resource(r, "Vpc").Properties.Tags).toEqual([
      { Key: "Name", Value: "shop-default" },
      { Key: "team", Value: "shop" },
    ]);
  });

  test("a path that does not exist is an error at the override, with a did-you-mean", () => {
    expect(
      problemsOf(
        `${BASE}overrides:\n  - { op: replace, path: /Resources/WebTargetGrupA/Properties/Port, value: 81 }\n`,
      ),
    ).toEqual([
      "berth.yml:5:5: overrides[0].path: /Resources/WebTargetGrupA does not exist in the rendered template; did you mean WebTargetGroupA?",
    ]);
  });

  test("a path into a service's resource patches that service's stack; any other path the environment stack", () => {
    const r = render(
      `${BASE}overrides:\n  - { op: replace, path: /Resources/WebLogGroup/Properties/RetentionInDays, value: 90 }\n  - { op: add, path: /Outputs/Extra, value: { Value: x } }\n`,
    );
    expect((r.services.web!.Resources.WebLogGroup as { Properties: object }).Properties).toMatchObject({
      RetentionInDays: 90,
    });
    expect(r.template.Resources).not.toHaveProperty("WebLogGroup");
    expect(r.template.Outputs.Extra).toEqual({ Value: "x" });
    expect(r.services.web!.Outputs).not.toHaveProperty("Extra");
  });

  test("an override that makes a service use another environment value gives its stack that parameter", () => {
    const r = render(
      `${BASE}overrides:\n  - { op: add, path: /Resources/WebLogGroup/Properties/Tags, value: [{ Key: cluster, Value: { Ref: Cluster } }] }\n`,
    );
    expect(r.services.web!.Parameters).toHaveProperty("Cluster");
    expect(r.template.Outputs.Cluster).toEqual({ Value: { Ref: "Cluster" } });
  });

  test("a list index out of range is an error", () => {
    expect(
      problemsOf(`${BASE}overrides:\n  - { op: replace, path: /Resources/Vpc/Properties/Tags/5, value: {} }\n`)[0],
    ).toContain("/Resources/Vpc/Properties/Tags/5 is not an index of that list (0–0)");
  });
});

describe("determinism", () => {
  test("the same manifest renders byte-identical files", async () => {
    const { renderedFiles } = await import("../../src/ui/rendered.js");
    const text = `${BASE}queues: { jobs: {} }\n`;
    expect(renderedFiles(render(text))).toEqual(renderedFiles(render(text)));
  });
});
