import type { Service, Task, TaskFault } from "./model.js";
import type { World } from "./world.js";

/** One simulated minute of a target group: what ALB would publish for it. */
export interface TargetGroupMinute {
  kind: "target-group";
  targetGroupArn: string;
  at: number;
  requests: number;
  errors: number;
  /** TargetResponseTime, in seconds, as a statistic set. */
  latency: { count: number; sum: number; min: number; max: number };
}

/** One simulated minute of a service: what ECS publishes (CPU and memory, % of what the tasks reserve). */
export interface ServiceMinute {
  kind: "service";
  clusterName: string;
  serviceName: string;
  at: number;
  cpu: number;
  memory: number;
}

export type SimulatedMinute = TargetGroupMinute | ServiceMinute;

const MINUTE = 60_000;
// Requests a minute per task the service wants, before the slow swing of the day.
const REQUESTS_PER_TASK = 40;
/** The share of a faulty version's requests that fail: "smoke" answers 500 to all (requests.ts). */
const FAILING: Record<TaskFault, number> = { none: 0, unhealthy: 1, crash: 1, smoke: 1, alarm: 0.3 };

/**
 * The numbers of one simulated minute, for every service with running tasks: ALB's
 * requests, 5xx and response times per target group (production traffic split by the
 * production listener rule's weights, to the healthy targets), and ECS's CPU and memory. A
 * version with a fault answers worse: its share of 5xx, slower, busier. The swings are
 * deterministic (sines of the minute), so the same run draws the same sparklines.
 */
export function minuteOfMetrics(world: World, at: number): SimulatedMinute[] {
  const minute = Math.floor(at / MINUTE);
  const minutes: SimulatedMinute[] = [];
  for (const service of world.services.values()) {
    const running = service.revisions.flatMap((r) => world.fleet.live(r.arn).filter((t) => t.lastStatus === "RUNNING"));
    if (running.length === 0) continue;
    const seed = [...service.serviceName].reduce((sum, c) => sum + c.charCodeAt(0), 0);
    const swing = (period: number) => Math.sin((minute + seed) / period);
    const faulty = share(running, (t) => (t.fault === "none" ? 0 : 1));
    minutes.push({
      kind: "service",
      clusterName: service.clusterArn.split("/").pop() ?? service.clusterArn,
      serviceName: service.serviceName,
      at,
      cpu: round(18 + 8 * swing(5) + 40 * faulty),
      memory: round(34 + 3 * swing(11) + 25 * faulty),
    });
    if (service.loadBalancer) minutes.push(...targetGroupMinutes(world, service, at, swing(6)));
  }
  return minutes;
}

function targetGroupMinutes(world: World, service: Service, at: number, swing: number): TargetGroupMinute[] {
  const lb = service.loadBalancer!;
  const rule = lb.advancedConfiguration?.productionListenerRule;
  const weights = (rule ? world.listenerRules.get(rule) : undefined) ?? {
    [service.liveTargetGroup ?? lb.targetGroupArn]: 100,
  };
  const traffic = service.desiredCount * REQUESTS_PER_TASK * (1 + 0.25 * swing);
  return Object.entries(weights).flatMap(([targetGroupArn, weight]) => {
    const healthy = world.fleet
      .registeredIn(targetGroupArn)
      .filter((t) => t.lastStatus === "RUNNING" && t.health === "healthy");
    const requests = Math.round((traffic * weight) / 100);
    if (healthy.length === 0 || requests === 0) return [];
    const failing = share(healthy, (t) => FAILING[t.fault]);
    const slow = share(healthy, (t) => (t.fault === "none" ? 0 : 1));
    const max = round(0.18 + 0.04 * swing + 2.2 * slow);
    return [
      {
        kind: "target-group" as const,
        targetGroupArn,
        at,
        requests,
        errors: Math.round(requests * failing),
        latency: { count: requests, sum: round(requests * (0.045 + 0.6 * slow)), min: 0.008, max },
      },
    ];
  });
}

function share(tasks: Task[], weight: (t: Task) => number): number {
  return tasks.length === 0 ? 0 : tasks.reduce((sum, t) => sum + weight(t), 0) / tasks.length;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
