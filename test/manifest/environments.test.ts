import { describe, expect, test } from "vitest";
import { lines, load, manifest, problems } from "./helpers.js";
import { formatProblem } from "../../src/ui/problems.js";

const APP = `app: shop
services:
  web:
    image: nginx
    port: 80
    http: {}
    count: { min: 2, max: 10, cpu: 60 }
    env: { MODE: base, KEEP: yes }
database: { capacity: { min: 0.5, max: 8 } }
environments:
  staging:
    services:
      web: { count: 1, env: { MODE: staging } }
    database: { capacity: { max: 2 } }
  preview:
    network: { nat: none }
    database: ~
`;

describe("environments", () => {
  test("an environment is deep-merged over the base", () => {
    const m = manifest(APP, { env: "staging" });
    expect(m.environment).toBe("staging");
    expect(m.services.web?.count).toEqual({ min: 1, max: 1 });
    expect(m.services.web?.env).toEqual({ MODE: "staging", KEEP: "yes" });
    expect(m.database?.capacity).toEqual({ min: 0.5, max: 2 });
  });

  test("without --env the base is chosen", () => {
    const m = manifest(APP);
    expect(m.environment).toBe("default");
    expect(m.services.web?.count).toEqual({ min: 2, max: 10, cpu: 60 });
  });

  test("null in an environment removes the key", () => {
    expect(manifest(APP, { env: "preview" }).database).toBeUndefined();
  });

  test("null removes a key at any depth, and validate of the whole file (no -e) accepts it", () => {
    const text = `app: shop
services:
  web: { image: nginx:1, port: 80, http: {}, cpu: 512 }
schedules:
  nightly: { service: web, command: [echo, hi], cron: "0 3 * * *" }
environments:
  staging:
    services:
      web: { cpu: ~ }
    schedules:
      nightly: { cron: ~, rate: 1h }
    exec: ~
`;
    expect(problems(text)).toEqual([]);
    const staging = manifest(text, { env: "staging" });
    expect(staging.services.web?.cpu).toBe(256);
    expect(staging.schedules.nightly?.expression).toBe("rate(1 hour)");
    // Outside an environment a null is still no value.
    expect(problems(text.replace("cpu: 512", "cpu: ~")).map((p) => p.message)).toEqual([
      "expected a whole number, got nothing",
    ]);
  });

  test("pr-<n> builds on the preview environment and is marked as a preview", () => {
    const m = manifest(APP, { env: "pr-42" });
    expect(m).toMatchObject({ environment: "pr-42", preview: true, network: { nat: "none" } });
  });

  test("pr-<n> works without a preview section", () => {
    expect(manifest("app: shop\nservices: { w: { image: x } }\n", { env: "pr-1" }).preview).toBe(true);
  });

  test("an environment that is not defined lists those that are", () => {
    const [p] = problems(APP, { env: "stagin" });
    expect(p).toMatchObject({
      path: "environments",
      message: 'environment "stagin" is not defined; did you mean staging?',
      hint: "defined here: staging, preview; pr-<number> selects a preview environment",
    });
  });

  test("-e prod suggests production, -e stage staging", () => {
    const app = "app: shop\nservices: { w: { image: x } }\nenvironments: { production: {}, staging: {} }\n";
    expect(problems(app, { env: "prod" })[0]?.message).toBe(
      'environment "prod" is not defined; did you mean production?',
    );
    expect(problems(app, { env: "stage" })[0]?.message).toBe(
      'environment "stage" is not defined; did you mean staging?',
    );
    expect(problems(app, { env: "qa" })[0]?.message).toBe('environment "qa" is not defined');
  });

  test("-e production on a manifest without environments names default, and no line of the file", () => {
    const [p] = problems("app: shop\nservices: { w: { image: x } }\n", { env: "production" });
    expect(p && formatProblem(p)).toBe(
      'berth.yml: environment "production" is not defined: this manifest defines no environments, so its only environment is default',
    );
    expect(p?.hint).toMatch(/^leave out -e \(or pass -e default\)/);
  });

  test("-e default names the base of a manifest without environments", () => {
    expect(manifest("app: shop\nservices: { w: { image: x } }\n", { env: "default" }).environment).toBe("default");
  });

  test("an environment may not add a service", () => {
    expect(lines(`${APP}  production:\n    services:\n      wbe: { count: 3 }\n`)).toEqual([
      'berth.yml:20:7: environments.production.services.wbe: service "wbe" is not defined in the base services; did you mean web?',
    ]);
  });

  test("a problem that only the merge creates is reported with its environment", () => {
    const [p] = problems(`${APP}  production:\n    services:\n      web: { count: { min: 30, max: 20 } }\n`);
    expect(p).toMatchObject({
      line: 20,
      path: "services.web.count.min",
      message: "min (30) is above max (20)",
      env: "production",
    });
  });

  test("without --env every environment is checked", () => {
    const result = load(`${APP}  production:\n    services:\n      web: { cpu: 300 }\n`);
    expect(result.ok).toBe(false);
  });

  test("with --env only that environment is merged and checked", () => {
    expect(
      load(`${APP}  production:\n    services:\n      web: { count: { min: 30, max: 20 } }\n`, { env: "staging" }).ok,
    ).toBe(true);
  });

  test("with --env, a mistake in another environment's section is left to validate", () => {
    expect(load(`${APP}  production:\n    servics: {}\n`, { env: "staging" }).ok).toBe(true);
    expect(lines(`${APP}  production:\n    servics: {}\n`, { env: "production" })).toEqual([
      "berth.yml:19:5: servics: unknown key; did you mean services? (environment production)",
    ]);
  });

  test("an environment override is checked for unknown keys like the base", () => {
    expect(lines(`${APP}  production:\n    servics: {}\n`)).toEqual([
      "berth.yml:19:5: environments.production.servics: unknown key; did you mean services?",
    ]);
  });

  test("pr-<n> names cannot be declared", () => {
    expect(lines(`${APP}  pr-1: {}\n`)[0]).toBe(
      'berth.yml:18:3: environments.pr-1: "pr-1" is reserved for preview environments',
    );
  });
});
