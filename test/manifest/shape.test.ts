import { describe, expect, test } from "vitest";
import { lines, manifest, problems, WEB } from "./helpers.js";

describe("keys", () => {
  test("an unknown top-level key is an error with a did-you-mean", () => {
    expect(lines("app: shop\nsevices: {}\nservices: { web: { image: nginx } }\n")).toEqual([
      "berth.yml:2:1: sevices: unknown key; did you mean services?",
    ]);
  });

  test("an unknown key lists the keys that are known there", () => {
    const [p] = problems("app: shop\nservices:\n  web:\n    image: nginx\n    colour: blue\n");
    expect(p).toMatchObject({ line: 5, col: 5, path: "services.web.colour", message: "unknown key" });
    expect(p?.hint).toContain("port, cpu, memory");
  });

  test("a swapped pair of letters is still recognised", () => {
    expect(lines("app: shop\nservices: { web: { image: nginx, prot: 80 } }\n")).toEqual([
      "berth.yml:2:34: services.web.prot: unknown key; did you mean port?",
    ]);
  });

  test("a service's replicas, as Compose and Kubernetes call it, suggests count at its line", () => {
    expect(lines("app: shop\nservices:\n  web:\n    image: nginx\n    replicas: 3\n")).toEqual([
      "berth.yml:5:5: services.web.replicas: unknown key; did you mean count?",
    ]);
  });

  test("a key other tools use is suggested only where berth's key is allowed", () => {
    expect(lines("app: shop\nreplicas: 3\nservices: { web: { image: nginx } }\n")).toEqual([
      "berth.yml:2:1: replicas: unknown key",
    ]);
    expect(lines("app: shop\nservices: { web: { image: nginx, environment: { A: b } } }\n")).toEqual([
      "berth.yml:2:34: services.web.environment: unknown key; did you mean env?",
    ]);
  });

  test("a misspelt top-level key suggests the key at its line", () => {
    expect(lines("app: shop\nservices: { web: { image: nginx } }\nenvironment: {}\n")).toEqual([
      "berth.yml:3:1: environment: unknown key; did you mean environments?",
    ]);
  });

  test("app and services are required", () => {
    expect(lines("region: eu-west-1\n")).toEqual([
      "berth.yml:1:1: app: required key is missing",
      "berth.yml:1:1: services: required key is missing",
    ]);
  });

  test("an empty file says how to start", () => {
    expect(problems("")).toMatchObject([{ line: 1, col: 1, message: "the file is empty" }]);
  });

  test("a manifest that is not a map is rejected at its position", () => {
    expect(lines("- a\n- b\n")).toEqual(["berth.yml:1:1: a manifest is a map of keys such as app: and services:"]);
  });
});

describe("types and ranges", () => {
  test("a port out of range names the range", () => {
    expect(lines("app: shop\nservices: { web: { image: nginx, port: 70000 } }\n")).toEqual([
      "berth.yml:2:40: services.web.port: 70000 is out of range: expected a whole number from 1 to 65535",
    ]);
  });

  test("a port of the wrong type says what was expected", () => {
    expect(lines("app: shop\nservices: { web: { image: nginx, port: http } }\n")).toEqual([
      'berth.yml:2:40: services.web.port: expected a whole number from 1 to 65535, got "http"',
    ]);
  });

  test("a negative count is out of range", () => {
    expect(lines("app: shop\nservices: { web: { image: nginx, count: -1 } }\n")).toEqual([
      "berth.yml:2:41: services.web.count: -1 is out of range: expected a whole number from 0 to 1000",
    ]);
  });

  test("count takes a number or a scaling map, and says so", () => {
    expect(lines("app: shop\nservices: { web: { image: nginx, count: [1] } }\n")).toEqual([
      "berth.yml:2:41: services.web.count: expected a whole number from 0 to 1000 or a map, got a list",
    ]);
  });

  test("a canary percentage above 100 is out of range", () => {
    const text = `${"app: shop\nservices:\n  web:\n    image: nginx\n    port: 80\n    http: {}\n"}    deploy: { strategy: canary, canary: { percent: 150 } }\n`;
    expect(lines(text)).toEqual([
      "berth.yml:7:52: services.web.deploy.canary.percent: 150 is out of range: expected a number from 0.1 to 100",
    ]);
  });

  test("durations accept 90s, 5m and 1h", () => {
    const m = manifest(
      "app: shop\nservices:\n  w:\n    image: x\n    stopTimeout: 90s\nqueues:\n  q: { visibilityTimeout: 5m, retention: 1h }\n",
    );
    expect(m.services.w?.stopTimeout).toBe(90);
    expect(m.queues.q).toMatchObject({ visibilityTimeout: 300, retention: 3600 });
  });

  test("a duration that is not one says what a duration looks like", () => {
    expect(lines("app: shop\nservices: { w: { image: x, stopTimeout: soon } }\n")).toEqual([
      'berth.yml:2:41: services.w.stopTimeout: expected a duration such as 30s, 5m or 1h, got "soon"',
    ]);
  });

  test("bake times must be whole minutes, because ECS counts them in minutes", () => {
    const [p] = problems(`${WEB_HTTP}    deploy: { bake: 90s }\n`);
    expect(p).toMatchObject({
      path: "services.web.deploy.bake",
      message: '"90s" is not a whole number of minutes',
      hint: "ECS counts this time in minutes: write 2m",
    });
  });

  test("a duration out of range gives the range", () => {
    expect(lines("app: shop\nservices: { w: { image: x, stopTimeout: 10m } }\n")).toEqual([
      'berth.yml:2:41: services.w.stopTimeout: "10m" is out of range: expected a duration from 2s to 2m',
    ]);
  });

  test("an enum value with a typo gets a did-you-mean", () => {
    expect(lines(`${WEB_HTTP}    deploy: { strategy: blugreen }\n`)).toEqual([
      'berth.yml:7:25: services.web.deploy.strategy: "blugreen" is not valid: expected one of bluegreen, canary, linear, rolling; did you mean bluegreen?',
    ]);
  });

  test("a version written as a number is asked to be quoted", () => {
    const [p] = problems("app: shop\nservices: { w: { image: x } }\ndatabase: { version: 16.4 }\n");
    expect(p).toMatchObject({
      path: "database.version",
      message: 'expected an engine version such as "16.4", got 16.4',
      hint: 'quote it so YAML keeps it as written: "16.4"',
    });
  });

  test("environment values may be numbers and booleans, kept as written", () => {
    const m = manifest("app: shop\nservices: { w: { image: x, env: { WORKERS: 4, DEBUG: false, RATIO: 1.10 } } }\n");
    expect(m.services.w?.env).toEqual({ WORKERS: "4", DEBUG: "false", RATIO: "1.10" });
  });

  test("a key that is not a valid name says what a name is", () => {
    expect(lines("app: shop\nservices: { Web_1: { image: x } }\n")).toEqual([
      'berth.yml:2:13: services.Web_1: "Web_1" is not a valid service name: expected lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
    ]);
  });

  test("an app name too long for AWS resource names is rejected with the limit", () => {
    expect(lines(`app: ${"a".repeat(30)}\nservices: { w: { image: x } }\n`)).toEqual([
      `berth.yml:1:6: app: "${"a".repeat(30)}" is not valid: at most 24 characters (this one has 30)`,
    ]);
  });

  test("an empty value for a map is an empty map", () => {
    expect(manifest("app: shop\nservices: { w: { image: x } }\nvolumes:\n  media:\n").volumes).toEqual({ media: {} });
  });

  test("all problems of a file come in one run, sorted by position", () => {
    const found = problems("app: Shop\nservices:\n  web: { image: x, port: 0, cpu: 1 }\nsevices: {}\n");
    expect(found.map((p) => `${p.line}:${p.col}`)).toEqual(["1:6", "3:26", "3:34", "4:1"]);
  });
});

const WEB_HTTP = "app: shop\nservices:\n  web:\n    image: nginx\n    port: 80\n    http: {}\n";

describe("registry", () => {
  test("a registry host with a namespace is kept", () => {
    expect(manifest(`registry: ghcr.io/acme\n${WEB}`).registry).toBe("ghcr.io/acme");
  });

  test("a registry host with a port is accepted", () => {
    expect(manifest(`registry: "127.0.0.1:5000/team"\n${WEB}`).registry).toBe("127.0.0.1:5000/team");
  });

  test("a bare name is not a registry host and says what is expected", () => {
    expect(lines(`registry: acme\n${WEB}`)).toEqual([
      'berth.yml:1:11: registry: "acme" is not valid: expected a registry host and optional namespace, such as ghcr.io/acme or registry.example.com:5000',
    ]);
  });

  test("without registry, images go to ECR", () => {
    expect(manifest(WEB).registry).toBeUndefined();
  });
});
