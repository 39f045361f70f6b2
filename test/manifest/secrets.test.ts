import { describe, expect, test } from "vitest";
import { lines, manifest, problems } from "./helpers.js";

describe("secrets", () => {
  test("references of every scheme are parsed", () => {
    const m = manifest(
      "app: shop\nservices:\n  w:\n    image: x\n    secrets:\n      A: secretsmanager:prod/stripe#key\n      B: ssm:/shop/token\ndatabase: {}\n",
    );
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

describe("credentials written under env:", () => {
  const withEnv = (line: string) => `app: shop\nservices:\n  w:\n    image: x\n    env:\n      ${line}\n`;

  test.each([
    ["STRIPE_SECRET_KEY: sk_live_51HxQbC2eZvKYlo2C0aBcDeFgH", "a Stripe live key"],
    ["AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE", "an AWS access key id"],
    ["GH: ghp_abcdefghijklmnopqrstuvwxyz0123456789", "a GitHub token"],
    ['TLS: "-----BEGIN RSA PRIVATE KEY-----\\nMIIE"', "a private key"],
    ["DATABASE_URL: postgres://app:s3cr3tpw@db.internal:5432/app", "a URL with a password in it"],
    ["SESSION_SECRET: 9f8A7d6C5b4E3f2A1b0C9d8E7f6A5b4C", "a random-looking value under a name that says secret"],
  ])("%s is an error at its line that never prints the value", (line, kind) => {
    const found = lines(withEnv(line));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      new RegExp(`^berth\\.yml:6:\\d+: services\\.w\\.env\\.\\w+: looks like a credential \\(${kind}; value hidden\\)`),
    );
    expect(found[0]).not.toContain(line.slice(line.indexOf(":") + 2, line.indexOf(":") + 12));
  });

  test("the fix says to move it to secrets: and store it in Secrets Manager or SSM", () => {
    const [p] = problems(withEnv("API_TOKEN: sk_live_51HxQbC2eZvKYlo2C0aBcDeFgH"));
    expect(p?.hint).toMatch(/^move it to secrets: and store it in Secrets Manager or SSM/);
  });

  test.each([
    "LOG_LEVEL: debug",
    "CACHE_KEY: users-v2",
    "SIGNING_KEY: /run/keys/signing.pem",
    "DJANGO_SETTINGS_MODULE: app.settings.prod",
    "API_TOKEN: ${API_TOKEN}",
  ])("%s is not taken for a credential", (line) => {
    expect(problems(withEnv(line), { vars: { API_TOKEN: "sk_live_51HxQbC2eZvKYlo2C0aBcDeFgH" } })).toEqual([]);
  });

  test("a deliberate literal is kept with # berth: not-secret on its line", () => {
    expect(problems(withEnv("PUBLIC_KEY: 9f8A7d6C5b4E3f2A1b0C9d8E7f6A5b4C   # berth: not-secret"))).toEqual([]);
  });

  test("a credential in an environment's env: is reported at its line too", () => {
    const text =
      "app: shop\nservices: { w: { image: x } }\nenvironments:\n  production:\n    services:\n      w:\n        env: { AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE }\n";
    expect(problems(text).map((p) => [p.line, p.path])).toEqual([
      [7, "environments.production.services.w.env.AWS_ACCESS_KEY_ID"],
    ]);
  });
});
