import { describe, expect, test } from "vitest";
import type { ReleaseRecord } from "../../../src/deployers/history/release-record.js";
import {
  environmentStatus,
  type ObservedEnvironment,
  type ObservedService,
} from "../../../src/deployers/status/environment-status.js";
import { statusLines } from "../../../src/ui/status-report.js";
import { manifestOf } from "../../render/helpers.js";

const NOW = Date.UTC(2026, 10, 28, 10, 30);
const m = manifestOf(
  "app: shop\ncertificate: arn:aws:acm:us-east-1:210987654321:certificate/abc\nservices:\n  web: { image: nginx, port: 80, http: {} }\n  worker: { image: nginx }\n",
  { vars: {} },
);
const td = (service: string, n: number) =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/shop-default-${service}:${n}`;
const outputs = {
  ClusterName: "shop-default",
  LoadBalancerDns: "shop-123.us-east-1.elb.amazonaws.com",
  WebTargetGroupA: "tg-a",
  WebTargetGroupB: "tg-b",
  WebListenerRule: "rule-prod",
  WebTestListenerRule: "rule-test",
};
const release = (
  id: string,
  outcome: ReleaseRecord["outcome"],
  services: ReleaseRecord["services"],
  startedAt = "2026-11-28T10:00:00.000Z",
): ReleaseRecord => ({
  id,
  app: "shop",
  environment: "default",
  kind: "deploy",
  version: `v-${id}`,
  who: "ana",
  host: "laptop",
  startedAt,
  outcome,
  services,
});
const released = (service: string, n: number) => ({
  service,
  result: "released" as const,
  taskDefinition: td(service, n),
  images: {},
});

function observed(
  web: Partial<ObservedService>,
  history: ReleaseRecord[] = [],
  extra: Partial<ObservedEnvironment> = {},
): ObservedEnvironment {
  return {
    stack: { status: "UPDATE_COMPLETE", outputs },
    services: [
      { name: "web", alarms: [], counts: { desired: 2, running: 2, pending: 0 }, ...web },
      {
        name: "worker",
        alarms: [],
        counts: { desired: 1, running: 1, pending: 0 },
        serving: { taskDefinition: td("worker", 1), images: { worker: "nginx" } },
      },
    ],
    ruleWeights: {
      "rule-prod": [
        { targetGroupArn: "tg-a", weight: 100 },
        { targetGroupArn: "tg-b", weight: 0 },
      ],
      "rule-test": [
        { targetGroupArn: "tg-a", weight: 0 },
        { targetGroupArn: "tg-b", weight: 100 },
      ],
    },
    history,
    ...extra,
  };
}

describe("berth status, made sense of", () => {
  test("what serves is the last successful deployment's task definition, named by the release that shipped it", () => {
    const history = [
      release("r3", "rolled-back", [{ ...released("web", 3), result: "rolled-back" }]),
      release("r2", "succeeded", [released("web", 2), released("worker", 1)]),
    ];
    const status = environmentStatus(
      m,
      observed({ serving: { taskDefinition: td("web", 2), images: { web: "nginx@sha256:aa" } } }, history),
      NOW,
    );
    expect(status.services[0]).toMatchObject({
      service: "web",
      state: "serving",
      serving: { taskDefinition: td("web", 2), release: "r2", version: "v-r2" },
      tasks: { running: 2, desired: 2, pending: 0 },
    });
  });

  test("the environment's URL is https when the manifest has a certificate", () => {
    expect(environmentStatus(m, observed({}), NOW).url).toBe("https://shop-123.us-east-1.elb.amazonaws.com");
  });

  test("the traffic split names the target groups A and B on the production and test rules", () => {
    expect(environmentStatus(m, observed({}), NOW).services[0]?.traffic).toEqual({
      production: { A: 100, B: 0 },
      test: { A: 0, B: 100 },
    });
  });

  test("a deployment in bake time shows its stage, its target and the bake time left", () => {
    const history = [release("r4", "in-progress", [], "2026-11-28T10:20:00.000Z")];
    const inFlight = {
      arn: "dep-4",
      status: "IN_PROGRESS",
      stage: "BAKE_TIME",
      createdAt: Date.UTC(2026, 10, 28, 10, 21),
      updatedAt: NOW - 2 * 60_000,
      bakeTimeMinutes: 5,
    };
    const status = environmentStatus(
      m,
      observed({ inFlight, inFlightTarget: { taskDefinition: td("web", 4), images: {} } }, history),
      NOW,
    );
    expect(status.services[0]?.inFlight).toEqual({
      deploymentArn: "dep-4",
      status: "IN_PROGRESS",
      stage: "BAKE_TIME",
      taskDefinition: td("web", 4),
      release: "r4",
      version: "v-r4",
      releaseOutcome: "in-progress",
      bakeLeftMs: 3 * 60_000,
    });
  });

  test("bake time left never exceeds the bake time when the clocks disagree", () => {
    const inFlight = {
      arn: "dep-4",
      status: "IN_PROGRESS",
      stage: "BAKE_TIME",
      updatedAt: NOW + 60_000,
      bakeTimeMinutes: 5,
    };
    expect(environmentStatus(m, observed({ inFlight }), NOW).services[0]?.inFlight?.bakeLeftMs).toBe(5 * 60_000);
  });

  test("a deployment started outside berth is not credited to the release in progress", () => {
    const history = [release("r4", "in-progress", [], "2026-11-28T10:20:00.000Z")];
    const inFlight = {
      arn: "dep-x",
      status: "IN_PROGRESS",
      stage: "PRE_SCALE_UP",
      createdAt: Date.UTC(2026, 10, 28, 10, 19),
    };
    expect(
      environmentStatus(
        m,
        observed({ inFlight, inFlightTarget: { taskDefinition: td("web", 9), images: {} } }, history),
        NOW,
      ).services[0]?.inFlight,
    ).not.toHaveProperty("release");
  });

  test("a service whose every deployment failed says nothing has succeeded", () => {
    expect(environmentStatus(m, observed({}), NOW).services[0]).toMatchObject({ state: "nothing-succeeded" });
    expect(environmentStatus(m, observed({}), NOW).services[0]).not.toHaveProperty("serving");
  });

  test("a service ECS does not have is not deployed", () => {
    expect(environmentStatus(m, observed({ counts: undefined }), NOW).services[0]).toEqual({
      service: "web",
      state: "not-deployed",
      alarms: [],
    });
  });

  test("the last release's outcome comes from the history, and an expired lock is not shown", () => {
    const history = [release("r5", "rolled-back", [], "2026-11-28T10:25:00.000Z")];
    const lock = {
      user: "ben",
      host: "ci",
      version: "v9",
      command: "deploy",
      startedAt: "2026-11-28T10:00:00.000Z",
      expiresAt: "2026-11-28T10:02:00.000Z",
    };
    const status = environmentStatus(
      m,
      observed({}, [{ ...history[0]!, reason: "web: rolled-back: smoke check failed" }], { lock }),
      NOW,
    );
    expect(status.lastRelease).toMatchObject({
      id: "r5",
      outcome: "rolled-back",
      reason: "web: rolled-back: smoke check failed",
    });
    expect(status).not.toHaveProperty("lock");
  });

  test("an environment with no stack has no URL and no service state", () => {
    const status = environmentStatus(m, { services: [{ name: "web", alarms: [] }], ruleWeights: {}, history: [] }, NOW);
    expect(status).toMatchObject({ stack: "shop-default", services: [{ state: "not-deployed" }] });
    expect(status).not.toHaveProperty("url");
    expect(status).not.toHaveProperty("stackStatus");
  });
});

describe("an environment on two load balancers", () => {
  const two = manifestOf(
    "app: shop\nservices:\n" +
      "  web: { image: nginx, port: 80, http: { path: /shop/* } }\n" +
      "  api: { image: nginx, port: 80, http: { path: /v1, loadBalancer: public-api } }\n",
  );
  const both = {
    ...outputs,
    PublicApiLoadBalancerDns: "public-api-9.us-east-1.elb.amazonaws.com",
  };
  const serving = (name: string): ObservedService => ({
    name,
    alarms: [],
    counts: { desired: 1, running: 1, pending: 0 },
  });
  const status = environmentStatus(
    two,
    {
      stack: { status: "UPDATE_COMPLETE", outputs: both },
      services: [serving("web"), serving("api")],
      ruleWeights: {},
      history: [],
    },
    NOW,
  );

  test("each web service has the URL of the load balancer that serves it", () => {
    expect(status.services.map((s) => [s.service, s.url])).toEqual([
      ["web", "http://shop-123.us-east-1.elb.amazonaws.com/shop"],
      ["api", "http://public-api-9.us-east-1.elb.amazonaws.com/v1"],
    ]);
  });

  test("the report names each service's URL under it", () => {
    const printed = statusLines(status, NOW, {
      json: false,
      github: false,
      color: false,
      line: () => {},
      note: () => {},
    });
    expect(printed).toContain("    url: http://shop-123.us-east-1.elb.amazonaws.com/shop");
    expect(printed).toContain("    url: http://public-api-9.us-east-1.elb.amazonaws.com/v1");
    expect(printed.indexOf("    url: http://public-api-9.us-east-1.elb.amazonaws.com/v1")).toBe(
      printed.findIndex((line) => line.startsWith("  api: ")) + 1,
    );
  });

  test("one load balancer keeps the one URL beside the environment and none per service", () => {
    const one = environmentStatus(m, observed({}), NOW);
    const printed = statusLines(one, NOW, { json: false, github: false, color: false, line: () => {}, note: () => {} });
    expect(printed.filter((line) => line.includes("url: "))).toEqual([]);
  });
});
