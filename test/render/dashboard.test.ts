import { expect, test } from "vitest";
import type { Rendered } from "../../src/render/render.js";
import { withDerivedOutputs } from "../../src/render/resolve-placeholders.js";
import { CASSANDRA, HELLO, render } from "./helpers.js";

interface MetricWidget {
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  properties: {
    title: string;
    /** A text widget's words (it has no title). */
    markdown?: string;
    region: string;
    metrics: unknown[][];
    annotations?: { horizontal: { value: number }[] };
  };
}

function body(rendered: Rendered): { text: string; widgets: MetricWidget[] } {
  const dashboard = rendered.dashboard.Resources.Dashboard as { Properties: { DashboardBody: { "Fn::Sub": string } } };
  const text = dashboard.Properties.DashboardBody["Fn::Sub"];
  return { text, widgets: (JSON.parse(text) as { widgets: MetricWidget[] }).widgets };
}

/**
 * The dimensions CloudWatch publishes each namespace's metrics with, and the metric names
 * berth graphs, as AWS's documentation lists them (the links are in src/render/dashboard.ts):
 * a widget naming another dimension set draws nothing.
 */
const PUBLISHED: Record<string, { dimensions: string[][]; metrics: string[] }> = {
  "AWS/ApplicationELB": {
    dimensions: [["TargetGroup", "LoadBalancer"], ["LoadBalancer"]],
    metrics: [
      "RequestCount",
      "HTTPCode_Target_5XX_Count",
      "HTTPCode_Target_4XX_Count",
      "HTTPCode_ELB_5XX_Count",
      "HTTPCode_ELB_4XX_Count",
      "TargetResponseTime",
      "HealthyHostCount",
      "UnHealthyHostCount",
    ],
  },
  // ECS's free per-service utilization, which stands in without Container Insights.
  "AWS/ECS": { dimensions: [["ClusterName", "ServiceName"]], metrics: ["CPUUtilization", "MemoryUtilization"] },
  "ECS/ContainerInsights": {
    dimensions: [["ClusterName", "ServiceName"]],
    metrics: [
      "CpuUtilized",
      "CpuReserved",
      "MemoryUtilized",
      "MemoryReserved",
      "RunningTaskCount",
      "DesiredTaskCount",
      "DeploymentCount",
    ],
  },
  "AWS/SQS": {
    dimensions: [["QueueName"]],
    metrics: ["ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage"],
  },
  "AWS/RDS": {
    dimensions: [["DBClusterIdentifier"]],
    metrics: ["ServerlessDatabaseCapacity", "ACUUtilization", "DatabaseConnections", "CPUUtilization"],
  },
  "AWS/Scheduler": { dimensions: [["ScheduleGroup"]], metrics: ["InvocationAttemptCount", "TargetErrorCount"] },
};

test("the dashboard has a row per service, the database and the schedules, titled by what they graph", () => {
  const { widgets } = body(render(CASSANDRA, { env: "production" }));
  expect(widgets.map((w) => w.properties.title)).toEqual([
    "web: requests",
    "web: 5xx and 4xx",
    "web: response time (s)",
    "web: hosts",
    "web: CPU (units) and memory (MiB) against reserved",
    "web: tasks",
    "worker: CPU (units) and memory (MiB) against reserved",
    "worker: tasks",
    "worker: queue jobs",
    "database: capacity (ACUs)",
    "database: connections and CPU",
    "schedules: invocations and failures",
  ]);
  // Rows share the dashboard's 24 columns and never overlap.
  for (const w of widgets) expect(w.x + w.width).toBeLessThanOrEqual(24);
  expect(new Set(widgets.map((w) => `${w.x},${w.y}`)).size).toBe(widgets.length);
});

test.each([
  ["production, with Container Insights", CASSANDRA, "production"],
  ["the default environment, without it", HELLO, undefined],
])("every metric is one CloudWatch publishes, with the dimensions it publishes it with: %s", (_, text, env) => {
  const { widgets } = body(render(text, env ? { env } : {}));
  for (const w of widgets.filter((w) => w.properties.markdown === undefined)) {
    expect(w.properties.region).toBe("${AWS::Region}");
    for (const line of w.properties.metrics) {
      const [namespace, metric, ...rest] = line as string[];
      const published = PUBLISHED[namespace!];
      expect(published, `${w.properties.title}: namespace ${namespace}`).toBeDefined();
      expect(published!.metrics, `${w.properties.title}`).toContain(metric);
      const pairs = rest.filter((r) => typeof r === "string");
      const names = pairs.filter((_, i) => i % 2 === 0);
      expect(published!.dimensions, `${w.properties.title}: ${metric}`).toContainEqual(names);
    }
  }
});

test("the web service's graphs name both target groups, and the task graph its minimum and maximum", () => {
  const { widgets } = body(render(CASSANDRA, { env: "production" }));
  const requests = widgets.find((w) => w.properties.title === "web: requests")!;
  expect(requests.properties.metrics.map((l) => l[3])).toEqual([
    "${WebTargetGroupAFullName}",
    "${WebTargetGroupBFullName}",
  ]);
  const tasks = widgets.find((w) => w.properties.title === "web: tasks")!;
  expect(tasks.properties.annotations?.horizontal.map((h) => h.value)).toEqual([3, 20]);
  const queue = widgets.find((w) => w.properties.title === "worker: queue jobs")!;
  expect(queue.properties.metrics.map((l) => l[3])).toEqual([
    "${JobsQueueQueueName}",
    "${JobsQueueQueueName}",
    "${JobsDeadLetterQueueQueueName}",
  ]);
});

test("each parameter of the dashboard's stack is an output of a stack, or a full name berth derives from one", () => {
  const rendered = render(CASSANDRA, { env: "production" });
  const outputs = Object.fromEntries(
    [rendered.template, ...Object.values(rendered.services)].flatMap((t) =>
      Object.keys(t.Outputs).map((name) => [name, "arn:aws:x:eu-south-1:1:kind/name/1"]),
    ),
  );
  const known = withDerivedOutputs(outputs);
  const parameters = Object.keys(rendered.dashboard.Parameters ?? {});
  expect(parameters).toContain("WebTargetGroupAFullName");
  expect(parameters).toContain("LoadBalancerFullName");
  for (const parameter of parameters) expect(known, parameter).toHaveProperty(parameter);
  // What the body substitutes is a parameter (or the Region), nothing else.
  const substituted = [...body(rendered).text.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!);
  for (const name of new Set(substituted)) expect([...parameters, "AWS::Region"]).toContain(name);
});

const SHOP = `app: shop
services:
  web: { image: nginx:1, port: 80, http: {} }
  worker: { image: nginx:1, queue: jobs }
queues: { jobs: {} }
`;

test("a service removed from the manifest leaves the dashboard; one added is on it", () => {
  const titles = (text: string) =>
    body(render(text)).widgets.map((w) => w.properties.title ?? w.properties.markdown!.split("**")[1]!);
  expect(titles(SHOP)).toContain("worker: queue jobs");
  const without = titles(SHOP.replace("  worker: { image: nginx:1, queue: jobs }\n", ""));
  expect(without.filter((t) => t.startsWith("worker:"))).toEqual([]);
  const added = titles(
    SHOP.replace("queues:", "  admin: { image: nginx:1, port: 80, http: { path: /admin } }\nqueues:"),
  );
  expect(added).toContain("admin: requests");
  expect(added).toContain("admin: tasks");
});

test("past the 200 parameters a stack holds, the last web services are left off and a note names them", () => {
  const lines = ["app: wide", "services:"];
  for (let i = 1; i <= 100; i++)
    lines.push(
      `  s${i}: { image: nginx:1, port: 80, http: { path: /s${i}${i > 50 ? ", loadBalancer: second" : ""} } }`,
    );
  const rendered = render(`${lines.join("\n")}\n`);
  const parameters = Object.keys(rendered.dashboard.Parameters ?? {});
  expect(parameters.length).toBeLessThanOrEqual(200);
  const { widgets } = body(rendered);
  const note = widgets.at(-1) as unknown as { type: string; properties: { markdown: string } };
  expect(note.type).toBe("text");
  expect(note.properties.markdown).toMatch(
    /^Not shown, past the 200 parameters of the dashboard's stack or the 2500 metrics of a dashboard: s9\d, /,
  );
  expect(widgets.some((w) => w.properties.title === "s90: requests")).toBe(true);
});

test("without Container Insights the tasks' CPU and memory are ECS's free utilization, and a note says how to get task counts", () => {
  const titles = (text: string) =>
    body(render(text)).widgets.map((w) => w.properties.title ?? `note: ${w.properties.markdown}`);
  const web = titles(SHOP).filter((t) => t.includes("web: "));
  expect(web).toContain("web: CPU and memory (% of reserved)");
  expect(web.find((t) => t.startsWith("note:"))).toMatch(/observability\.containerInsights: true/);
  expect(web.some((t) => t.includes("against reserved"))).toBe(false);
  const on = titles(`${SHOP}observability: { containerInsights: true }\n`);
  expect(on).toContain("web: CPU (units) and memory (MiB) against reserved");
  expect(on).toContain("web: tasks");
});

test("a dashboard stays within CloudWatch's 2,500 metrics: services past it are named in the note", () => {
  // Services with no target group or queue add no parameter, only their 7 task metrics.
  const lines = ["app: many", "observability: { containerInsights: true }", "services:"];
  for (let i = 1; i <= 400; i++) lines.push(`  w${i}: { image: nginx:1 }`);
  const { widgets } = body(render(`${lines.join("\n")}\n`));
  const graphed = widgets.reduce((n, w) => n + (w.properties.metrics?.length ?? 0), 0);
  expect(graphed).toBeLessThanOrEqual(2500);
  expect(graphed).toBeGreaterThan(2400);
  expect(widgets.at(-1)!.properties.markdown).toMatch(/^Not shown, .*: w\d+, /);
  expect(widgets.at(-1)!.properties.markdown).toContain("w400");
});
