import type { Manifest } from "../../manifest/types.js";
import { releasesOnly, type HistoryPort } from "../history/release-record.js";
import { liveRuleArns } from "../live-traffic.js";
import { readEnvironmentOutputs } from "../service-stacks/environment-stacks.js";
import { holderFields } from "../lock/environment-lock.js";
import type { LockPort } from "../lock/lock-port.js";
import {
  IN_FLIGHT_STATUSES,
  watchedAlarms,
  type ObservedEnvironment,
  type ObservedService,
} from "./environment-status.js";
import type { SchedulePort } from "../schedules/schedule-port.js";
import type { StatusPort } from "./status-port.js";
import type { ScheduledRun } from "./schedule-status.js";
import { stackName, taskFamily } from "../../manifest/names.js";
import { SCHEDULE_GROUP_PREFIX } from "../../render/schedules.js";

export interface StatusSources {
  aws: StatusPort;
  history: HistoryPort;
  lock: LockPort;
  /** What each schedule targets; absent, status does not say which revision a schedule runs. */
  schedules?: SchedulePort;
}

// Enough history to find the release that first shipped what serves, after a few rollbacks and failed attempts.
const HISTORY_DEPTH = 100;

/**
 * Reads what `berth status` shows, services side by side: the stack, each service's counts,
 * its last successful and in-flight deployments with their revisions, the listener rule
 * weights, the alarms, the history and the lock.
 */
export async function readEnvironment(m: Manifest, sources: StatusSources): Promise<ObservedEnvironment> {
  const { environment, outputs } = await readEnvironmentOutputs(m, sources.aws);
  const [history, lockItem] = await Promise.all([
    sources.history.list(m.app, m.environment, HISTORY_DEPTH).then(releasesOnly),
    sources.lock.read(m.environment),
  ]);
  const lock = lockItem ? { lock: holderFields(lockItem) } : {};
  if (!environment)
    return {
      services: Object.keys(m.services).map((name) => ({ name, alarms: [] })),
      ruleWeights: {},
      history,
      ...lock,
    };
  const stack = { status: environment.status, outputs };
  const cluster = outputs.ClusterName ?? "";
  const names = Object.keys(m.services);
  const ruleArns = liveRuleArns(m, outputs);
  const [counts, ruleWeights] = await Promise.all([
    sources.aws.services(cluster, names),
    ruleArns.length > 0 ? sources.aws.ruleWeights(ruleArns) : Promise.resolve({}),
  ]);
  const [services, scheduledRuns, scheduleTargets] = await Promise.all([
    Promise.all(names.map((name) => readService(m, name, cluster, counts[name], sources.aws))),
    readScheduledRuns(m, cluster, sources.aws),
    readScheduleTargets(m, sources.schedules),
  ]);
  return {
    stack,
    services,
    ruleWeights,
    history,
    ...lock,
    ...(scheduledRuns.length > 0 ? { scheduledRuns } : {}),
    ...(Object.keys(scheduleTargets).length > 0 ? { scheduleTargets } : {}),
  };
}

/** The task definition each schedule's target names (berth keeps it on what serves: deployers/schedules/). */
async function readScheduleTargets(m: Manifest, port: SchedulePort | undefined): Promise<Record<string, string>> {
  if (!port) return {};
  const group = stackName(m.app, m.environment);
  const targets = await Promise.all(
    Object.keys(m.schedules).map(async (name) => [name, await port.target(group, name)] as const),
  );
  return Object.fromEntries(targets.filter((t): t is readonly [string, string] => t[1] !== undefined));
}

/** The runs of the schedules, by the task definition families of the services they run. */
async function readScheduledRuns(m: Manifest, cluster: string, aws: StatusPort): Promise<ScheduledRun[]> {
  const services = [...new Set(Object.values(m.schedules).map((s) => s.service))];
  const stack = stackName(m.app, m.environment);
  const runs = await Promise.all(
    services.map((service) => aws.scheduledRuns(cluster, taskFamily(stack, service), SCHEDULE_GROUP_PREFIX)),
  );
  return runs.flat();
}

async function readService(
  m: Manifest,
  name: string,
  cluster: string,
  counts: ObservedService["counts"],
  aws: StatusPort,
): Promise<ObservedService> {
  const alarms = watchedAlarms(m, m.services[name]!);
  if (!counts) return { name, alarms: [] };
  const [successful, inFlight, alarmStates] = await Promise.all([
    aws.newestDeployment(cluster, name, ["SUCCESSFUL"], counts.createdAt),
    aws.newestDeployment(cluster, name, IN_FLIGHT_STATUSES, counts.createdAt),
    alarms.length > 0 ? aws.alarms(alarms) : Promise.resolve([]),
  ]);
  const arns = [successful, inFlight].filter((arn): arn is string => arn !== undefined);
  const described = arns.length > 0 ? await aws.describeDeployments(arns) : [];
  const lastSuccessful = described.find((d) => d.arn === successful);
  const moving = described.find((d) => d.arn === inFlight);
  const [serving, inFlightTarget] = await Promise.all([
    lastSuccessful?.targetRevision ? aws.revision(lastSuccessful.targetRevision) : undefined,
    moving?.targetRevision ? aws.revision(moving.targetRevision) : undefined,
  ]);
  return {
    name,
    counts,
    alarms: alarmStates,
    ...(lastSuccessful ? { lastSuccessful } : {}),
    ...(serving ? { serving } : {}),
    ...(moving ? { inFlight: moving } : {}),
    ...(inFlightTarget ? { inFlightTarget } : {}),
  };
}
