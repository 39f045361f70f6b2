import { describe, expect, test } from "vitest";
import { lines, problems } from "./helpers.js";

describe("YAML errors", () => {
  test("a duplicate key is reported at the second occurrence", () => {
    const [p] = problems("app: shop\nservices: { w: { image: x } }\napp: other\n");
    expect(p).toMatchObject({ line: 3, col: 1, message: "this key appears twice in the same map" });
  });

  test("every duplicate key is reported", () => {
    expect(problems("app: a\napp: b\nservices: {}\nservices: {}\n").map((p) => p.line)).toEqual([2, 4]);
  });

  test("a syntax error is reported once at its position, without the parser's follow-on noise", () => {
    const found = lines("app: shop\nservices:\n  web: { image: x\n  worker: {}\n");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^berth\.yml:\d+:\d+: YAML syntax: /);
  });

  test("a tab used for indentation says to use spaces", () => {
    const [p] = problems("app: shop\nservices:\n\tweb: {}\n");
    expect(p?.line).toBe(3);
    expect(p?.message).toMatch(/^YAML syntax/);
  });

  test("an unquoted ${VAR} inside a flow map gets a hint to quote it", () => {
    const [p] = problems("app: shop\nservices: { w: { image: x, env: { A: ${B} } } }\n");
    expect(p?.hint).toContain("quote a value that holds ${…}");
  });

  test("anchors and merge keys work, and errors point at where the value was written", () => {
    const text = "app: shop\nx-base: &base { image: x, cpu: 300 }\nservices:\n  w:\n    <<: *base\n";
    expect(lines(text)).toEqual([
      "berth.yml:2:32: services.w.cpu: 300 is not a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192, 16384)",
    ]);
  });

  test("x- keys at the top level hold anchors and are otherwise ignored", () => {
    expect(lines("app: shop\nx-common: &c { image: x }\nservices: { w: *c }\n")).toEqual([]);
  });
});
