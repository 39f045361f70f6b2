import type { RuleWeightsByArn } from "../live-traffic.js";
import { planOf, targetGroupDrafts, type MetricPlan } from "../status/metric-queries.js";
import { slotted } from "../status/metric-window.js";
import type { MetricAnswer, MetricWindow } from "../status/metrics-port.js";
import { errorRate } from "../status/service-metrics.js";

/** A release's two target groups: the new version's and the one that served before. */
export interface VersionSides {
  service: string;
  /** CloudWatch's names: `targetgroup/name/id`, and the load balancer's `app/name/id`. */
  newTargetGroup: string;
  oldTargetGroup: string;
  loadBalancer: string;
}

/** One version's numbers over its last minutes with traffic: requests, 5xx as % of them, and the newest p99 (ms). */
export interface VersionFigures {
  requests: number;
  errors: number | null;
  p99: number | null;
}

/** What the release view shows for a service, old and new side by side. */
export interface VersionNumbers {
  service: string;
  new: VersionFigures;
  old: VersionFigures;
}

/** Each side's requests, 5xx and p99: three queries a target group, all services in one call. */
export function versionMetricPlan(sides: VersionSides[]): MetricPlan {
  return planOf(
    sides.flatMap((s) => [
      ...targetGroupDrafts(s.service, "new", s.newTargetGroup, s.loadBalancer),
      ...targetGroupDrafts(s.service, "old", s.oldTargetGroup, s.loadBalancer),
    ]),
  );
}

/** What one read gives: the numbers, and when the old version last had requests (null: not in the window). */
export interface ReadVersionNumbers extends VersionNumbers {
  oldServedUntil: number | null;
}

/** How many of a version's latest minutes with requests its figures cover. */
export const SERVED_MINUTES = 5;

/**
 * The figures of each service's two versions, from GetMetricData's answers: each over its own
 * last SERVED_MINUTES periods with requests in the window, so the old version of a blue/green
 * release (no traffic once it shifted) is shown as it served before, beside the new one now.
 */
export function versionNumbers(
  sides: VersionSides[],
  plan: MetricPlan,
  answers: MetricAnswer[],
  window: MetricWindow,
): ReadVersionNumbers[] {
  const slotsOf = (service: string, side: string, measure: string) => {
    const id = Object.keys(plan.roles).find((key) => {
      const role = plan.roles[key]!;
      return role.service === service && role.side === side && role.measure === measure;
    });
    const answer = answers.find((a) => a.id === id);
    return slotted(window, answer?.timestamps ?? [], answer?.values ?? []);
  };
  const servedSlots = (service: string, side: string) =>
    slotsOf(service, side, "requests")
      .map((v, i) => (v !== null && v > 0 ? i : -1))
      .filter((i) => i >= 0)
      .slice(-SERVED_MINUTES);
  const figures = (service: string, side: string, served: number[]): VersionFigures => {
    const at = (measure: string) => {
      const slots = slotsOf(service, side, measure);
      return served.map((i) => slots[i] ?? null);
    };
    // The sum over those periods; null when none of them has a datapoint.
    const total = (measure: string) =>
      at(measure).reduce<number | null>((sum, v) => (v === null ? sum : (sum ?? 0) + v), null);
    const requests = total("requests");
    const p99 = at("p99")
      .filter((v): v is number => v !== null)
      .at(-1);
    return {
      requests: requests ?? 0,
      errors: errorRate(requests, total("target5xx")),
      p99: p99 === undefined ? null : p99 * 1000,
    };
  };
  return sides.map((s) => {
    const oldServed = servedSlots(s.service, "old");
    const last = oldServed.at(-1);
    return {
      service: s.service,
      new: figures(s.service, "new", servedSlots(s.service, "new")),
      old: figures(s.service, "old", oldServed),
      oldServedUntil: last === undefined ? null : window.start + last * window.periodSeconds * 1000,
    };
  });
}

/**
 * The new version's target group: after the test traffic shift the test listener rule forwards
 * to it alone (as the check at the pause reads it, deployers/release/check-new-version.ts); the
 * other of the service's two is the old one.
 */
export function newTargetGroupOf(testRule: string, weights: RuleWeightsByArn): string | undefined {
  return [...(weights[testRule] ?? [])].sort((a, b) => b.weight - a.weight)[0]?.targetGroupArn;
}
