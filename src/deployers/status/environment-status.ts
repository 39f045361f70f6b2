import type { Manifest, Service } from "../../manifest/types.js";
import { alarmNames } from "../../render/service-definition.js";
import { logicalId, servingLoadBalancer, stackName } from "../../manifest/names.js";
import { serviceUrl } from "../environment-url.js";
import type { ReleaseRecord } from "../history/release-record.js";
import type { LockHolder } from "../lock/lock-port.js";
import type { RuleWeightsByArn } from "../live-traffic.js";
import { scheduleStatuses, type ScheduledRun, type ScheduleStatus } from "./schedule-status.js";
import type { ObservedDeployment, ServiceCounts } from "./status-port.js";

/** What `berth status` read about one service, before it is made sense of. */
export interface ObservedService {
  name: string;
  counts?: ServiceCounts;
  /** The last SUCCESSFUL deployment: its target revision is what serves. */
  lastSuccessful?: ObservedDeployment;
  serving?: { taskDefinition: string; images: Record<string, string> };
  inFlight?: ObservedDeployment;
  inFlightTarget?: { taskDefinition: string; images: Record<string, string> };
  alarms: { name: string; state: string }[];
}

export interface ObservedEnvironment {
  stack?: { status: string; outputs: Record<string, string> };
  services: ObservedService[];
  ruleWeights: RuleWeightsByArn;
  history: ReleaseRecord[];
  lock?: LockHolder;
  /** The tasks the environment's schedules started that ECS still lists. */
  scheduledRuns?: ScheduledRun[];
}

export interface ServiceStatus {
  service: string;
  /** Where a web service answers (its host or its load balancer, and its path). */
  url?: string;
  state: "serving" | "not-deployed" | "nothing-succeeded";
  /** What serves: the target revision of the last successful service deployment. */
  serving?: { taskDefinition: string; images: Record<string, string>; release?: string; version?: string };
  tasks?: { running: number; desired: number; pending: number };
  inFlight?: {
    deploymentArn: string;
    status: string;
    stage?: string;
    taskDefinition?: string;
    release?: string;
    version?: string;
    bakeLeftMs?: number;
  };
  /** Production and test listener rule weights, per target group (A, B). */
  traffic?: { production: Record<string, number>; test: Record<string, number> };
  alarms: { name: string; state: string }[];
}

export interface EnvironmentStatus {
  app: string;
  environment: string;
  stack: string;
  stackStatus?: string;
  url?: string;
  services: ServiceStatus[];
  schedules: ScheduleStatus[];
  lastRelease?: Pick<
    ReleaseRecord,
    "id" | "kind" | "version" | "outcome" | "reason" | "who" | "startedAt" | "finishedAt"
  >;
  lock?: LockHolder;
}

/** Deployments still moving (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html). */
export const IN_FLIGHT_STATUSES = ["PENDING", "IN_PROGRESS", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"];

/** Makes sense of what was read: a pure function, so every case is a unit test. */
export function environmentStatus(m: Manifest, observed: ObservedEnvironment, now: number): EnvironmentStatus {
  const stack = stackName(m.app, m.environment);
  const outputs = observed.stack?.outputs ?? {};
  // The load balancer of the first web service, as `berth deploy` prints the URL (src/deployers/environment-url.ts).
  const web = Object.values(m.services).find((s) => s.http);
  const dns = web ? outputs[servingLoadBalancer(web).dnsOutput] : undefined;
  const last = observed.history[0];
  return {
    app: m.app,
    environment: m.environment,
    stack,
    ...(observed.stack ? { stackStatus: observed.stack.status } : {}),
    ...(dns ? { url: `${m.certificate ? "https" : "http"}://${dns}` } : {}),
    services: observed.services.map((o) => serviceStatus(m, m.services[o.name], o, outputs, observed, now)),
    schedules: scheduleStatuses(m, observed.scheduledRuns ?? [], now),
    ...(last ? { lastRelease: pick(last) } : {}),
    ...(observed.lock && Date.parse(observed.lock.expiresAt) > now ? { lock: observed.lock } : {}),
  };
}

function serviceStatus(
  m: Manifest,
  s: Service | undefined,
  o: ObservedService,
  outputs: Record<string, string>,
  observed: ObservedEnvironment,
  now: number,
): ServiceStatus {
  const url = s?.http ? serviceUrl(m, s, outputs) : undefined;
  const base = { service: o.name, alarms: o.alarms };
  if (!o.counts) return { ...base, state: "not-deployed" };
  const tasks = { running: o.counts.running, desired: o.counts.desired, pending: o.counts.pending };
  const traffic = s?.http ? trafficOf(s, outputs, observed.ruleWeights) : undefined;
  const serving = o.serving
    ? { ...o.serving, ...releaseOf(observed.history, o.name, o.serving.taskDefinition) }
    : undefined;
  const inFlight = o.inFlight ? inFlightStatus(o, observed.history, now) : undefined;
  return {
    ...base,
    ...(url ? { url } : {}),
    state: serving ? "serving" : "nothing-succeeded",
    ...(serving ? { serving } : {}),
    tasks,
    ...(inFlight ? { inFlight } : {}),
    ...(traffic ? { traffic } : {}),
  };
}

function inFlightStatus(o: ObservedService, history: ReleaseRecord[], now: number): ServiceStatus["inFlight"] {
  const d = o.inFlight!;
  const target = o.inFlightTarget;
  // ECS gives no bake deadline; the deployment's updatedAt is when it entered its stage. Clocks
  // differ between this machine and AWS, so the estimate stays within the bake time.
  const bake = d.bakeTimeMinutes !== undefined ? d.bakeTimeMinutes * 60_000 : undefined;
  const bakeLeftMs =
    d.stage === "BAKE_TIME" && bake !== undefined && d.updatedAt !== undefined
      ? Math.min(bake, Math.max(0, bake - (now - d.updatedAt)))
      : undefined;
  return {
    deploymentArn: d.arn,
    status: d.status,
    ...(d.stage ? { stage: d.stage } : {}),
    ...(target
      ? {
          taskDefinition: target.taskDefinition,
          ...(releaseOf(history, o.name, target.taskDefinition) ?? releaseInProgress(history, d)),
        }
      : {}),
    ...(bakeLeftMs !== undefined ? { bakeLeftMs } : {}),
  };
}

/** The newest release that released or kept this task definition for the service. */
function releaseOf(
  history: ReleaseRecord[],
  service: string,
  taskDefinition: string,
): { release: string; version: string } | undefined {
  const found = history.find((r) =>
    r.services.some((s) => s.service === service && s.taskDefinition === taskDefinition),
  );
  return found ? { release: found.id, version: found.version } : undefined;
}

/**
 * A release records its services when it ends: a deployment in flight that started after the
 * newest release, still in progress, began is that release's (the lock admits one at a time).
 */
function releaseInProgress(history: ReleaseRecord[], d: ObservedDeployment): { release?: string; version?: string } {
  const newest = history[0];
  if (newest?.outcome !== "in-progress" || d.createdAt === undefined || d.createdAt < Date.parse(newest.startedAt))
    return {};
  return { release: newest.id, version: newest.version };
}

function trafficOf(s: Service, outputs: Record<string, string>, weights: RuleWeightsByArn): ServiceStatus["traffic"] {
  const id = logicalId(s.name);
  const groups: Record<string, string> = {
    [outputs[`${id}TargetGroupA`] ?? "A"]: "A",
    [outputs[`${id}TargetGroupB`] ?? "B"]: "B",
  };
  const split = (rule: string | undefined) =>
    Object.fromEntries(
      (weights[rule ?? ""] ?? []).map((t) => [groups[t.targetGroupArn] ?? t.targetGroupArn, t.weight]),
    );
  const production = split(outputs[`${id}ListenerRule`]);
  if (Object.keys(production).length === 0) return undefined;
  return { production, test: split(outputs[`${id}TestListenerRule`]) };
}

function pick(r: ReleaseRecord): NonNullable<EnvironmentStatus["lastRelease"]> {
  return {
    id: r.id,
    kind: r.kind,
    version: r.version,
    outcome: r.outcome,
    who: r.who,
    startedAt: r.startedAt,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
  };
}

/** The alarms `berth status` reads for a service: those rendered for web services (templates/web-service.yml). */
export function watchedAlarms(m: Manifest, s: Service): string[] {
  return s.http ? alarmNames(m, s) : [];
}
