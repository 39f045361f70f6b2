import { describe, expect, test } from "vitest";
import { lines, manifest } from "./helpers.js";

describe("secrets", () => {
  test("references of every scheme are parsed", () => {
    const m = manifest("app: shop\nservices:\n  w:\n    image: x\n    secrets:\n      A: secretsmanager:prod/stripe#key\n      B: ssm:/shop/token\ndatabase: {}\n");
    expect(m.services.w?.secrets).toEqual({
      A: { kind: "secretsmanager", name: "prod/stripe", jsonKey: "key" },
      B: { kind: "ssm", name: "/shop/token" },
    });
  });

  test("a reference with an unknown scheme is an error that never prints the value", () => {
    const found = lines("app: shop\nservices:\n  w:\n    image: x\n    secrets:\n      STRIPE: sk_live_abcdef123456\n");
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("berth.yml:6:15: services.w.secrets.STRIPE: not a valid reference (value hidden)");
    expect(found[0]).not.toContain("sk_live");
  });

  test("a secret given as a map never prints its contents", () => {
    const [line] = lines("app: shop\nservices:\n  w:\n    image: x\n    secrets:\n      STRIPE: 12345678\n");
    expect(line).not.toContain("12345678");
  });

  test("a name in both env and secrets is a conflict", () => {
    expect(lines("app: shop\nservices:\n  w:\n    image: x\n    env: { A: b }\n    secrets: { A: ssm:/a }\n")).toEqual([
      "berth.yml:6:16: services.w.secrets.A: A is set both in env and in secrets",
    ]);
  });
});
