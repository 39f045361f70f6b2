import { logicalId, servingLoadBalancer } from "../../manifest/names.js";
import type { Manifest } from "../../manifest/types.js";
import { withDerivedOutputs } from "../../render/resolve-placeholders.js";
import type { CloudFormationPort } from "../infrastructure/cloudformation-port.js";
import type { ListenerRulePort } from "../live-traffic.js";
import type { ReleaseEvent } from "../release/release-service.js";
import { readEnvironmentOutputs } from "../service-stacks/environment-stacks.js";
import { QUERIES_PER_CALL } from "../status/metric-queries.js";
import { metricWindow } from "../status/metric-window.js";
import type { MetricsPort } from "../status/metrics-port.js";
import {
  newTargetGroupOf,
  versionMetricPlan,
  versionNumbers,
  type VersionFigures,
  type VersionNumbers,
  type VersionSides,
} from "./version-numbers.js";

export interface VersionMetricsPorts {
  metrics: MetricsPort;
  rules: ListenerRulePort;
  cloudFormation: Pick<CloudFormationPort, "describeStack">;
}

export interface WatchVersionsOptions {
  now: () => number;
  /** Runs `tick` every refresh interval until the returned function is called (tests tick by hand). */
  every: (tick: () => Promise<void>) => () => void;
  show: (numbers: VersionNumbers[]) => void;
  /** Told the first time the numbers cannot be read: the release goes on, and the next refresh tries again. */
  unavailable: (reason: string) => void;
}

/**
 * How often the release view's numbers refresh: one GetMetricData call per interval, and one more
 * as a service's production traffic starts to shift.
 */
export const VERSION_REFRESH_MS = 30_000;
// Far enough back to find the old version's last minutes with traffic after a blue/green shift.
const WINDOW_MS = 30 * 60_000;
/** The stages in which the new version serves production traffic (ServiceDeployment lifecycleStage). */
const WITH_PRODUCTION_TRAFFIC = new Set(["PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME"]);
// Six queries a service (three per target group): the call stays one, so a release of more than
// 83 traffic-shifting services at once shows the first 83.
const SIDES_PER_CALL = Math.floor(QUERIES_PER_CALL / 6);

/**
 * The new and the old version's 5xx rate and p99, side by side, while a blue/green, canary or
 * linear release shifts production traffic and bakes: for display only; nothing here feeds the
 * release's decisions (deployers/release/decide.ts). At each refresh, one GetMetricData call for
 * every service in those stages, and one as a service enters them; once per service and
 * deployment, its stacks' outputs and its test listener rule (which forwards to the new
 * version's target group) name the two target groups.
 */
export function watchVersions(m: Manifest, ports: VersionMetricsPorts, options: WatchVersionsOptions) {
  const stages = new Map<string, string>();
  const sides = new Map<string, VersionSides>();
  // The old version's figures from its last minutes with traffic: once production traffic has
  // shifted they no longer change, but they slide out of the window minute by minute; the read
  // that saw its latest traffic is kept and shown until the old version serves again.
  const servedBefore = new Map<string, { figures: VersionFigures; until: number }>();
  let noted = false;
  let busy = false;
  let refreshWhenDone = false;
  const splitsTraffic = (service: string) => {
    const s = m.services[service];
    return s?.http !== undefined && s.deploy.strategy !== "rolling";
  };

  async function learnSides(services: string[]): Promise<void> {
    if (services.length === 0) return;
    const { outputs: raw } = await readEnvironmentOutputs(m, ports.cloudFormation, services);
    const outputs = withDerivedOutputs(raw);
    const testRules = services.map((s) => outputs[`${logicalId(s)}TestListenerRule`] ?? "");
    const weights = await ports.rules.describeRuleWeights(testRules.filter(Boolean));
    services.forEach((service, i) => {
      const id = logicalId(service);
      const fresh = newTargetGroupOf(testRules[i]!, weights);
      const [a, b] = [outputs[`${id}TargetGroupA`], outputs[`${id}TargetGroupB`]];
      const loadBalancer = outputs[`${servingLoadBalancer(m.services[service]!).loadBalancer}FullName`];
      if (!fresh || !a || !b || !loadBalancer || (fresh !== a && fresh !== b)) return;
      const name = (arn: string) => outputs[`${id}TargetGroup${arn === a ? "A" : "B"}FullName`]!;
      sides.set(service, {
        service,
        newTargetGroup: name(fresh),
        oldTargetGroup: name(fresh === a ? b : a),
        loadBalancer,
      });
    });
  }

  async function refresh(): Promise<void> {
    const watched = [...stages].filter(([, stage]) => WITH_PRODUCTION_TRAFFIC.has(stage)).map(([s]) => s);
    // A slow answer is not asked again on top of itself.
    if (watched.length === 0 || busy) return;
    busy = true;
    try {
      await learnSides(watched.filter((s) => !sides.has(s)));
      const known = watched.flatMap((s) => sides.get(s) ?? []).slice(0, SIDES_PER_CALL);
      if (known.length === 0) return;
      const now = options.now();
      const window = metricWindow(now - WINDOW_MS, now);
      const plan = versionMetricPlan(known);
      const numbers = versionNumbers(known, plan, await ports.metrics.metricData(plan.queries, window), window);
      options.show(
        numbers.map(({ oldServedUntil, ...n }) => {
          const before = servedBefore.get(n.service);
          if (oldServedUntil !== null && (!before || oldServedUntil > before.until)) {
            servedBefore.set(n.service, { figures: n.old, until: oldServedUntil });
            return n;
          }
          return before ? { ...n, old: before.figures } : n;
        }),
      );
    } catch (error) {
      if (!noted) options.unavailable(error instanceof Error ? error.message : String(error));
      noted = true;
    } finally {
      busy = false;
      if (refreshWhenDone) {
        refreshWhenDone = false;
        void refresh();
      }
    }
  }

  // Read at once when a service's production traffic starts to shift, not at the next tick: the
  // old version's last minutes with traffic are then surely in the window.
  function refreshSoon(): void {
    if (busy) refreshWhenDone = true;
    else void refresh();
  }

  const stop = options.every(refresh);
  return {
    onRelease(event: ReleaseEvent): void {
      if (!splitsTraffic(event.service)) return;
      if (event.type === "progress") {
        const shifting = !WITH_PRODUCTION_TRAFFIC.has(stages.get(event.service) ?? "");
        stages.set(event.service, event.stage ?? "");
        if (shifting && WITH_PRODUCTION_TRAFFIC.has(event.stage ?? "")) refreshSoon();
      }
      // A new deployment (or its end) may swap which target group is new.
      if (event.type === "following" || event.type === "settled") {
        stages.delete(event.service);
        sides.delete(event.service);
        servedBefore.delete(event.service);
      }
    },
    stop,
  };
}
