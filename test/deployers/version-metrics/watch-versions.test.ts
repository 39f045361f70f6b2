import { describe, expect, test } from "vitest";
import type { MetricQuery } from "../../../src/deployers/status/metrics-port.js";
import {
  versionMetricPlan,
  versionNumbers,
  type VersionNumbers,
} from "../../../src/deployers/version-metrics/version-numbers.js";
import { watchVersions } from "../../../src/deployers/version-metrics/watch-versions.js";
import { ciView } from "../../../src/ui/ci-lines.js";
import { jsonView } from "../../../src/ui/json-events.js";
import type { Output } from "../../../src/ui/output.js";
import { manifestOf } from "../../render/helpers.js";

const NOW = Date.UTC(2026, 11, 6, 16, 0, 30);
const TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup";
const outputs = {
  ClusterName: "shop-default",
  LoadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop-default/50dc6c495c0c9188",
  WebTargetGroupA: `${TG}/shop-web-a/73e2d6bc24d8a067`,
  WebTargetGroupB: `${TG}/shop-web-b/0f1e2d3c4b5a6978`,
  WebListenerRule: "rule-prod",
  WebTestListenerRule: "rule-test",
};
const m = manifestOf(
  "app: shop\nservices:\n  web: { image: nginx, port: 80, http: {}, deploy: { strategy: bluegreen } }\n  worker: { image: nginx }\n",
  { vars: {} },
);
const minute = (n: number) => Date.UTC(2026, 11, 6, 15, 56 + n);

type Recorded = Record<string, { timestamps: number[]; values: number[] }>;

const SHIFTING: Recorded = {
  "RequestCount shop-web-b": { timestamps: [minute(2), minute(3), minute(4)], values: [40, 60, 50] },
  "HTTPCode_Target_5XX_Count shop-web-b": { timestamps: [minute(3), minute(4)], values: [15, 15] },
  "TargetResponseTime shop-web-b": { timestamps: [minute(3), minute(4)], values: [1.9, 2.4] },
  "RequestCount shop-web-a": {
    timestamps: [minute(0), minute(1), minute(2), minute(3)],
    values: [300, 290, 250, 10],
  },
  "TargetResponseTime shop-web-a": { timestamps: [minute(2), minute(3)], values: [0.18, 0.2] },
};

/** CloudWatch as a recorded answer: by the metric and target group each query names. */
function cloudwatch(calls: MetricQuery[][], recorded: () => Recorded) {
  return {
    async metricData(queries: MetricQuery[]) {
      calls.push(queries);
      return queries.map((q) => {
        const group = q.dimensions.find((d) => d.name === "TargetGroup")!.value.split("/")[1];
        return { id: q.id, ...(recorded()[`${q.metric} ${group}`] ?? { timestamps: [], values: [] }) };
      });
    },
  };
}

function watch(calls: MetricQuery[][], shown: VersionNumbers[][], recorded = () => SHIFTING) {
  let tick: () => Promise<void> = async () => {};
  const watcher = watchVersions(
    m,
    {
      metrics: cloudwatch(calls, recorded),
      // After the test traffic shift the test rule forwards to B alone: B is the new version.
      rules: {
        describeRuleWeights: async (arns) =>
          Object.fromEntries(
            arns.map((arn) => [
              arn,
              [
                { targetGroupArn: outputs.WebTargetGroupA, weight: 0 },
                { targetGroupArn: outputs.WebTargetGroupB, weight: 100 },
              ],
            ]),
          ),
      },
      cloudFormation: {
        describeStack: async (name) =>
          name === "shop-default" ? { stackId: name, status: "UPDATE_COMPLETE", outputs } : undefined,
      },
    },
    { now: () => NOW, every: (t) => ((tick = t), () => {}), show: (n) => shown.push(n), unavailable: () => {} },
  );
  return { watcher, tick: () => tick() };
}

const progress = (service: string, stage: string) =>
  ({ type: "progress", service, deploymentArn: "d1", status: "IN_PROGRESS", stage }) as const;
// What a refresh started by an event (not by the timer) has read and shown by then.
const settle = () => new Promise((done) => setImmediate(done));

describe("the new and the old version's numbers during a release", () => {
  test("come from the two target groups' metrics: the new one's (the test rule's) beside the old one's", async () => {
    const calls: MetricQuery[][] = [];
    const shown: VersionNumbers[][] = [];
    const { watcher } = watch(calls, shown);
    watcher.onRelease(progress("web", "BAKE_TIME"));
    await settle();
    expect(shown).toEqual([
      [
        {
          service: "web",
          new: { requests: 150, errors: 20, p99: 2400 },
          old: { requests: 850, errors: 0, p99: 200 },
        },
      ],
    ]);
  });

  test("one GetMetricData call as production traffic starts to shift and one per refresh, none before or for a rolling worker", async () => {
    const calls: MetricQuery[][] = [];
    const { watcher, tick } = watch(calls, []);
    watcher.onRelease(progress("worker", "BAKE_TIME"));
    watcher.onRelease(progress("web", "POST_TEST_TRAFFIC_SHIFT"));
    await tick();
    await settle();
    expect(calls).toHaveLength(0);
    watcher.onRelease(progress("web", "PRODUCTION_TRAFFIC_SHIFT"));
    await settle();
    expect(calls).toHaveLength(1);
    // Later stages with production traffic read at the next refresh, not at once.
    watcher.onRelease(progress("web", "BAKE_TIME"));
    await settle();
    await tick();
    await tick();
    expect(calls.map((c) => c.length)).toEqual([6, 6, 6]);
    watcher.onRelease({ type: "settled", service: "web", deploymentArn: "d1", end: "released" });
    await tick();
    expect(calls).toHaveLength(3);
  });

  test("while numbers are being read, the timer's refresh is skipped and a new shift's follows the read", async () => {
    const calls: MetricQuery[][] = [];
    const { watcher, tick } = watch(calls, []);
    watcher.onRelease(progress("web", "BAKE_TIME"));
    const ticked = tick();
    watcher.onRelease({ type: "following", service: "web", deploymentArn: "d2", own: true });
    watcher.onRelease(progress("web", "BAKE_TIME"));
    await ticked;
    expect(calls).toHaveLength(0);
    await settle();
    expect(calls).toHaveLength(2);
  });

  test("the old version's figures stay shown once its minutes with traffic leave the window, until the next deployment", async () => {
    const shown: VersionNumbers[][] = [];
    let recorded = SHIFTING;
    const { watcher, tick } = watch([], shown, () => recorded);
    watcher.onRelease(progress("web", "BAKE_TIME"));
    await settle();
    // Later in the bake the old target group's minutes leave the window one by one, then all.
    const onlyNew = Object.fromEntries(Object.entries(SHIFTING).filter(([key]) => key.endsWith("shop-web-b")));
    recorded = {
      ...onlyNew,
      "RequestCount shop-web-a": { timestamps: [minute(2), minute(3)], values: [250, 10] },
    };
    await tick();
    recorded = onlyNew;
    await tick();
    expect(shown.map((n) => n[0]!.old)).toEqual([
      { requests: 850, errors: 0, p99: 200 },
      { requests: 850, errors: 0, p99: 200 },
      { requests: 850, errors: 0, p99: 200 },
    ]);
    // Serving again (a canary's old version still takes its share): the newer minutes count.
    recorded = {
      ...onlyNew,
      "RequestCount shop-web-a": { timestamps: [minute(3), minute(4)], values: [10, 30] },
    };
    await tick();
    expect(shown.at(-1)![0]!.old).toEqual({ requests: 40, errors: 0, p99: null });
    recorded = onlyNew;
    watcher.onRelease({ type: "following", service: "web", deploymentArn: "d2", own: true });
    watcher.onRelease(progress("web", "BAKE_TIME"));
    await settle();
    expect(shown.at(-1)![0]!.old).toEqual({ requests: 0, errors: null, p99: null });
  });

  test("CI lines show them side by side, a line per refresh", () => {
    const notes: string[] = [];
    const out: Output = { json: false, github: false, color: false, line: () => {}, note: (t) => notes.push(t) };
    const view = ciView(out, m, { now: () => NOW, every: () => () => {} });
    view.versions([
      { service: "web", new: { requests: 150, errors: 20, p99: 2400 }, old: { requests: 850, errors: 0, p99: null } },
    ]);
    expect(notes).toEqual([
      "16:00:30   web: new 5xx 20% p99 2400 ms (150 requests) | old 5xx 0% p99 — (850 requests), each over its last 5 minutes with traffic (CloudWatch); the new version looks worse",
    ]);
  });
});

test("--json emits them as a versions event, beside the CI line on stderr", () => {
  const lines: string[] = [];
  const notes: string[] = [];
  const out: Output = {
    json: true,
    github: false,
    color: false,
    line: (t) => lines.push(t),
    note: (t) => notes.push(t),
  };
  const view = jsonView(ciView(out, m, { now: () => NOW, every: () => () => {} }), out, () => NOW);
  const numbers = [
    { service: "web", new: { requests: 10, errors: 0, p99: 120 }, old: { requests: 0, errors: null, p99: null } },
  ];
  view.versions(numbers);
  expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
    { time: "2026-12-06T16:00:30.000Z", event: "versions", services: numbers },
  ]);
  expect(notes).toHaveLength(1);
});

describe("each version's figures", () => {
  test("cover its own last five minutes with requests: the old one's from before a blue/green shift", () => {
    const sides = [{ service: "web", newTargetGroup: "tg/new", oldTargetGroup: "tg/old", loadBalancer: "app/lb" }];
    const plan = versionMetricPlan(sides);
    const id = (side: string, measure: string) =>
      Object.keys(plan.roles).find((k) => plan.roles[k]!.side === side && plan.roles[k]!.measure === measure)!;
    const window = { start: 0, end: 20 * 60_000, periodSeconds: 60 };
    const at = (minutes: number[]) => minutes.map((n) => n * 60_000);
    const answers = [
      // The old version served minutes 0–9 (the first three with 5xx), the new one from minute 10.
      { id: id("old", "requests"), timestamps: at([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), values: Array(10).fill(100) },
      { id: id("old", "target5xx"), timestamps: at([0, 1, 2]), values: [50, 50, 50] },
      { id: id("old", "p99"), timestamps: at([8, 9]), values: [0.2, 0.25] },
      { id: id("new", "requests"), timestamps: at([10, 11, 12]), values: [90, 100, 110] },
      { id: id("new", "target5xx"), timestamps: at([12]), values: [30] },
    ];
    expect(versionNumbers(sides, plan, answers, window)).toEqual([
      {
        service: "web",
        new: { requests: 300, errors: 10, p99: null },
        old: { requests: 500, errors: 0, p99: 250 },
        oldServedUntil: 9 * 60_000,
      },
    ]);
  });
});
