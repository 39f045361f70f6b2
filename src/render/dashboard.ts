import type { Manifest } from "../manifest/types.js";
import { stackName } from "../manifest/names.js";
import { databaseWidgets, scheduleWidget, serviceWidgets, type Widget } from "./dashboard-widgets.js";
import { sub, type Template } from "./template.js";

/**
 * The environment's CloudWatch dashboard, `<app>-<env>`, in its own stack deployed after the
 * service stacks (docs/architecture.md, "The dashboard"): the target groups it graphs live in
 * the service stacks, which the environment stack cannot reference. The body names resources
 * as `${Id}` or `${Id.Attribute}` inside `Fn::Sub`; `parameterizeStack` turns each into a parameter
 * filled from the environment's and the service stacks' outputs at deploy time. Load
 * balancers and target groups are named by the full names CloudWatch uses, which berth
 * derives from their ARN outputs (`withDerivedOutputs`), so no stack outputs them. What each
 * widget graphs, with the AWS pages of its metrics: render/dashboard-widgets.ts.
 */
export function renderDashboardTemplate(m: Manifest): Template {
  const widgets = dashboardWidgets(m);
  const body = { widgets: layOut(widgets) };
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `berth: ${m.app} ${m.environment} dashboard. Generated from berth.yml; edit that, not this.`,
    Resources: {
      Dashboard: {
        Type: "AWS::CloudWatch::Dashboard",
        Properties: { DashboardName: dashboardName(m.app, m.environment), DashboardBody: sub(JSON.stringify(body)) },
      },
    },
    Outputs: { DashboardName: { Value: { Ref: "Dashboard" } } },
  };
}

/** The dashboard's name: the environment stack's, as a dashboard name allows `-` and letters. */
export function dashboardName(app: string, environment: string): string {
  return stackName(app, environment);
}

const HEIGHT = 6;
const ROW = 24;
/**
 * Each name the body substitutes is a parameter of the dashboard's stack, and a template holds
 * at most 200 (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
 * two per web service (its target groups), so past about 95 web services the last ones are left
 * off, and a note on the dashboard names them.
 */
const MAX_PARAMETERS = 200;
/**
 * A dashboard graphs at most 2,500 metrics across its widgets, and CloudWatch does not raise it
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html, "Dashboards").
 */
const MAX_METRICS = 2500;

/** One row per section; a section's widgets share the row's 24 columns. */
function dashboardWidgets(m: Manifest): Widget[][] {
  const shared: Widget[][] = [
    ...(m.database ? [databaseWidgets(m.database.existing?.cluster ?? "${Database}")] : []),
    ...(Object.keys(m.schedules).length > 0 ? [[scheduleWidget()]] : []),
  ];
  const names = new Set(shared.flatMap(substituted));
  let metrics = shared.reduce((n, row) => n + metricsOf(row), 0);
  const rows: Widget[][] = [];
  const left: string[] = [];
  for (const s of Object.values(m.services)) {
    const row = serviceWidgets(m, s);
    const more = substituted(row).filter((name) => !names.has(name));
    if (names.size + more.length > MAX_PARAMETERS || metrics + metricsOf(row) > MAX_METRICS) {
      left.push(s.name);
      continue;
    }
    for (const name of more) names.add(name);
    metrics += metricsOf(row);
    rows.push(row);
  }
  rows.push(...shared);
  if (left.length > 0)
    rows.push([
      {
        title: "not shown",
        metrics: [],
        markdown: `Not shown, past the ${MAX_PARAMETERS} parameters of the dashboard's stack or the ${MAX_METRICS} metrics of a dashboard: ${left.join(", ")}`,
      },
    ]);
  return rows;
}

function metricsOf(row: Widget[]): number {
  return row.reduce((n, w) => n + w.metrics.length, 0);
}

/** The names a row's widgets substitute (`${Name}`), but the Region: each is a parameter. */
function substituted(row: Widget[]): string[] {
  const text = JSON.stringify(row.map((w) => w.metrics));
  return [...new Set([...text.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!))];
}

/**
 * Widgets placed row by row, sharing the row's 24 columns
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
 */
function layOut(rows: Widget[][]): unknown[] {
  const placed: unknown[] = [];
  let y = 0;
  for (const row of rows) {
    const width = Math.floor(ROW / row.length);
    row.forEach((w, i) => {
      const at = { x: i * width, y, width, height: HEIGHT };
      if (w.markdown !== undefined) {
        placed.push({ type: "text", ...at, properties: { markdown: w.markdown } });
        return;
      }
      placed.push({
        type: "metric",
        ...at,
        properties: {
          title: w.title,
          view: "timeSeries",
          region: "${AWS::Region}",
          period: 60,
          ...(w.stat ? { stat: w.stat } : {}),
          metrics: w.metrics,
          ...(w.horizontal ? { annotations: { horizontal: w.horizontal } } : {}),
        },
      });
    });
    y += HEIGHT;
  }
  return placed;
}
