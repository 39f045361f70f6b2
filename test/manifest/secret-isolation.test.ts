import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { EXAMPLE_CERTIFICATE } from "../render/helpers.js";
import { lines, load, manifest, problems } from "./helpers.js";

const withSecrets = (secrets: string, environments = "  staging: {}\n  production: {}\n  preview: {}\n") =>
  `app: shop\nservices:\n  web:\n    image: x\n    secrets:\n${secrets}environments:\n${environments}`;

describe("secret references that name their environment", () => {
  test("${environment} and ${app} are filled in for each environment; every pr-<n> reads the preview's", () => {
    const text = withSecrets(
      "      STRIPE: secretsmanager:${environment}/stripe#key\n      TOKEN: ssm:/${app}/${environment}/token\n",
    );
    expect(manifest(text, { env: "production" }).services.web?.secrets).toEqual({
      STRIPE: { kind: "secretsmanager", name: "production/stripe", jsonKey: "key" },
      TOKEN: { kind: "ssm", name: "/shop/production/token" },
    });
    expect(manifest(text, { env: "pr-7" }).services.web?.secrets).toEqual({
      STRIPE: { kind: "secretsmanager", name: "preview/stripe", jsonKey: "key" },
      TOKEN: { kind: "ssm", name: "/shop/preview/token" },
    });
  });

  test("a process environment variable named environment does not change them", () => {
    const text = withSecrets("      TOKEN: ssm:/${app}/${environment}/token\n");
    const m = manifest(text, { env: "staging", vars: { environment: "production", app: "other" } });
    expect(m.services.web?.secrets.TOKEN).toEqual({ kind: "ssm", name: "/shop/staging/token" });
  });

  test("outside secrets, ${environment} is still a variable of the process environment", () => {
    const text = "app: shop\nservices:\n  web:\n    image: x\n    env: { STAGE: '${environment}' }\n";
    expect(manifest(text, { vars: { environment: "ci" } }).services.web?.env).toEqual({ STAGE: "ci" });
  });
});

describe("secrets stay in their environment", () => {
  test("a preview of a manifest whose base names production's secret is refused at its line, with the fix", () => {
    const text = withSecrets("      STRIPE: secretsmanager:prod/stripe#key\n");
    expect(lines(text, { env: "pr-7" })).toEqual([
      "berth.yml:6:15: services.web.secrets.STRIPE: preview pr-7 would read production's Secrets Manager secret" +
        " prod/stripe (environment pr-7)",
    ]);
    expect(problems(text, { env: "pr-7" })[0]?.hint).toBe(
      "name it per environment, such as secretsmanager:${environment}/stripe#key," +
        " or, if every environment is meant to read it, mark it shared: secretsmanager:shared/stripe#key",
    );
  });

  test("validate of the whole file names every environment that would read it, SSM parameters too", () => {
    const found = problems(withSecrets("      TOKEN: ssm:/shop/token\n"));
    expect(found.map((p) => [p.line, p.env, p.message])).toEqual([
      [6, "staging", "staging would read production's SSM parameter /shop/token"],
      [6, "preview", "preview would read production's SSM parameter /shop/token"],
    ]);
    expect(found[0]?.hint).toContain("ssm:/shop/${environment}/token");
  });

  test("production itself, a shared name and per-environment names are accepted", () => {
    const text = withSecrets(
      "      STRIPE: secretsmanager:${environment}/stripe#key\n      SENTRY: ssm:/shop/shared/sentry-dsn\n" +
        "      PUBLISHABLE: secretsmanager:shared/stripe-publishable\n",
    );
    expect(problems(text)).toEqual([]);
    expect(problems(withSecrets("      STRIPE: secretsmanager:prod/stripe#key\n"), { env: "production" })).toEqual([]);
  });

  test("an environment that overrides the reference with its own is accepted; its JSON key does not matter", () => {
    const text = withSecrets(
      "      STRIPE: secretsmanager:prod/stripe#key\n",
      "  production: {}\n  staging:\n    services: { web: { secrets: { STRIPE: 'secretsmanager:staging/stripe#key' } } }\n" +
        "  qa:\n    services: { web: { secrets: { STRIPE: 'secretsmanager:prod/stripe#other' } } }\n",
    );
    expect(problems(text).map((p) => [p.line, p.env])).toEqual([[12, "qa"]]);
  });

  test("without a production environment, the base is production and a preview may not read its secrets", () => {
    const text = "app: shop\nservices:\n  web:\n    image: x\n    secrets: { TOKEN: 'ssm:/shop/token' }\n";
    expect(problems(text)).toEqual([]);
    expect(problems(text, { env: "pr-3" }).map((p) => p.message)).toEqual([
      "preview pr-3 would read production's SSM parameter /shop/token",
    ]);
  });

  test("the reference app reads its Stripe key and API token per environment", () => {
    const text = readFileSync("examples/cassandra/berth.yml", "utf8");
    const vars = { CASSANDRA_CERTIFICATE_ARN: EXAMPLE_CERTIFICATE };
    expect(load(text, { vars })).toMatchObject({ ok: true });
    const names = (env: string) =>
      Object.values(manifest(text, { env, vars }).services.web?.secrets ?? {}).map((s) => s.name);
    expect(names("production")).toEqual(["production/stripe", "/cassandra/production/api-token"]);
    expect(names("staging")).toEqual(["staging/stripe", "/cassandra/staging/api-token"]);
    expect(names("pr-12")).toEqual(["preview/stripe", "/cassandra/preview/api-token"]);
    expect(names("sandbox")).toEqual(["sandbox/stripe", "/cassandra/sandbox/api-token"]);
  });
});
