import type { Manifest, Service } from "../../manifest/types.js";
import { alarmNames } from "../../render/service-definition.js";
import { logicalId, servingLoadBalancer, stackName } from "../../manifest/names.js";
import { serviceUrl } from "../environment-url.js";
import type { ReleaseRecord } from "../history/release-record.js";
import { firstShipped, releaseServingAll, versionAtEnd } from "../history/serving-version.js";
import type { LockHolder } from "../lock/lock-port.js";
import type { RuleWeightsByArn } from "../live-traffic.js";
import { dashboardUrl } from "./dashboard-url.js";
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
  /** The task definition each schedule's target names, by schedule. */
  scheduleTargets?: Record<string, string>;
}

export interface ServiceStatus {
  service: string;
  /** Where a web service answers (its host or its load balancer, and its path). */
  url?: string;
  state: "serving" | "not-deployed" | "nothing-succeeded";
  /** What serves: the target revision of the last successful service deployment. */
  serving?: {
    taskDefinition: string;
    images: Record<string, string>;
    release?: string;
    version?: string;
    /** When no release recorded it: the outcome of the release that was running then (in-progress, interrupted). */
    releaseOutcome?: string;
  };
  tasks?: { running: number; desired: number; pending: number };
  inFlight?: {
    deploymentArn: string;
    status: string;
    stage?: string;
    taskDefinition?: string;
    release?: string;
    version?: string;
    releaseOutcome?: string;
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
  /** The console address of the environment's CloudWatch dashboard. */
  dashboard?: string;
  services: ServiceStatus[];
  /** The version every service serves, and the release that left it so. */
  version?: { version: string; release: string };
  /** When the services serve different versions: service → its version (red in the terminal). */
  mixed?: Record<string, string>;
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
  const dashboard = dashboardUrl(m.app, m.environment, outputs.ClusterArn);
  const services = observed.services.map((o) => serviceStatus(m, m.services[o.name], o, outputs, observed, now));
  return {
    app: m.app,
    environment: m.environment,
    stack,
    ...(observed.stack ? { stackStatus: observed.stack.status } : {}),
    ...(dns ? { url: `${m.certificate ? "https" : "http"}://${dns}` } : {}),
    ...(dashboard ? { dashboard } : {}),
    services,
    ...environmentVersion(services, observed.history),
    schedules: scheduleStatuses(m, observed.scheduledRuns ?? [], now, {
      targets: observed.scheduleTargets ?? {},
      history: observed.history,
    }),
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
    ? {
        ...o.serving,
        ...(firstShipped(observed.history, o.name, o.serving.taskDefinition) ??
          releaseAt(observed.history, o.lastSuccessful?.createdAt)),
      }
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
          ...(firstShipped(history, o.name, target.taskDefinition) ?? releaseAt(history, d.createdAt)),
        }
      : {}),
    ...(bakeLeftMs !== undefined ? { bakeLeftMs } : {}),
  };
}

/**
 * A task definition no release recorded (a deployment still in flight, or one an interrupted
 * release left that ECS finished) belongs to the release that was running when ECS created
 * the deployment: the newest one started before it and not ended (the lock admits one at a time). It says
 * whether that release is still in progress or was interrupted.
 */
function releaseAt(
  history: ReleaseRecord[],
  createdAt: number | undefined,
): { release: string; version: string; releaseOutcome: string } | Record<string, never> {
  if (createdAt === undefined) return {};
  const r = history.find((h) => Date.parse(h.startedAt) <= createdAt);
  if (!r || (r.outcome !== "in-progress" && r.outcome !== "interrupted")) return {};
  // A deployment created after the release ended (someone outside berth) is not the release's.
  if (r.finishedAt && Date.parse(r.finishedAt) < createdAt) return {};
  return { release: r.id, version: r.version, releaseOutcome: r.outcome };
}

/**
 * The environment's version: that of the newest release at whose end every service served
 * what serves now; else, if the services' versions differ, each one's (mixed).
 */
function environmentVersion(
  services: ServiceStatus[],
  history: ReleaseRecord[],
): Pick<EnvironmentStatus, "version" | "mixed"> {
  const serving = services.filter((s) => s.serving);
  if (serving.length === 0) return {};
  const now = Object.fromEntries(serving.map((s) => [s.service, s.serving!.taskDefinition]));
  // The release whose own version it is, rather than a later one that failed and left it serving.
  const all =
    releaseServingAll(
      history.filter((r) => versionAtEnd(r) === r.version),
      now,
    ) ?? releaseServingAll(history, now);
  const version = all ? versionAtEnd(all) : undefined;
  if (all && version) return { version: { version, release: all.id } };
  const versions = Object.fromEntries(serving.map((s) => [s.service, s.serving!.version ?? "unknown"]));
  const distinct = new Set(Object.values(versions));
  if (distinct.size === 1 && !distinct.has("unknown")) {
    const release = serving[0]!.serving!.release;
    return release ? { version: { version: [...distinct][0]!, release } } : {};
  }
  return distinct.size > 1 ? { mixed: versions } : {};
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
