import { SETTLED_WELL } from "../change-stacks.js";
import type { Actor } from "../actor.js";
import type { InfrastructureOutcome } from "../infrastructure/events.js";
import { withServingVersions } from "./serving-version.js";
import type { ReleaseOutcomeKind, ReleaseRecord, ServiceReleaseRecord } from "./release-record.js";

/** What a record starts from, before anything changes. */
export interface ReleaseStart {
  id: string;
  app: string;
  environment: string;
  kind: ReleaseRecord["kind"];
  version: string;
  gitSha?: string;
  actor: Actor;
  /** Service → its manifest strategy. */
  strategies: Record<string, string>;
  startedAt: number;
  rollbackTo?: string;
}

/** A service's release as the engine reports it (ServiceOutcome, with the fields it may carry). */
export interface ServiceResult {
  service: string;
  result: string;
  reason?: string;
  taskDefinition?: string;
  deploymentArn?: string;
  images?: Record<string, string>;
  diagnosis?: unknown;
  servingTaskDefinition?: string;
}

/** A deploy's end as the environment deployer reports it (EnvironmentOutcome). */
export interface DeployResult {
  ok: boolean;
  problems?: unknown[];
  stacks: InfrastructureOutcome[];
  /** Service → its pinned image. */
  images?: Record<string, string>;
  releases?: ServiceResult[];
  /** What pre-flight found missing: the deploy stopped before changing anything. */
  preflight?: { problems: { service?: string; reference: string; message: string }[] };
  /** Refused before any change: recorded as refused, not failed. */
  refused?: { reason: string };
}

export function startRecord(start: ReleaseStart): ReleaseRecord {
  const { user, host, ciUrl } = start.actor;
  const strategies = [...new Set(Object.values(start.strategies))];
  return {
    id: start.id,
    app: start.app,
    environment: start.environment,
    kind: start.kind,
    version: start.version,
    ...(start.gitSha ? { gitSha: start.gitSha } : {}),
    who: user,
    host,
    ...(ciUrl ? { ciUrl } : {}),
    ...(strategies.length > 0 ? { strategy: strategies.join("+") } : {}),
    startedAt: new Date(start.startedAt).toISOString(),
    outcome: "in-progress",
    ...(start.rollbackTo ? { rollbackTo: start.rollbackTo } : {}),
    services: [],
  };
}

/** The record of a deploy that ran to its end (whatever the end was). */
export function finishRecord(
  record: ReleaseRecord,
  result: DeployResult,
  strategies: Record<string, string>,
  finishedAt: number,
  earlier: ReleaseRecord[] = [],
): ReleaseRecord {
  const services = (result.releases ?? []).map((r) => serviceRecord(r, result.images, strategies[r.service]));
  const { outcome, reason } = outcomeOf(result);
  const ended = closed({ ...record, services }, outcome, reason, finishedAt);
  // A refusal before any change (problems, not confirmed) touched nothing: no version to name.
  return services.length > 0 ? withServingVersions(ended, earlier) : ended;
}

/** The record of a deploy that stopped on an error (AWS refused, a bug) or an interrupt. */
export function abortRecord(
  record: ReleaseRecord,
  outcome: "failed" | "interrupted",
  reason: string,
  finishedAt: number,
): ReleaseRecord {
  return closed(record, outcome, reason, finishedAt);
}

function closed(
  record: ReleaseRecord,
  outcome: ReleaseOutcomeKind,
  reason: string | undefined,
  finishedAt: number,
): ReleaseRecord {
  const { reason: _previous, ...rest } = record;
  return {
    ...rest,
    outcome,
    ...(reason ? { reason } : {}),
    finishedAt: new Date(finishedAt).toISOString(),
    durationMs: Math.max(0, finishedAt - Date.parse(record.startedAt)),
  };
}

const SERVICE_RESULTS = new Set<ServiceReleaseRecord["result"]>([
  "unchanged",
  "released",
  "rolled-back",
  "failed",
  "interrupted",
  "removed",
]);

function serviceRecord(
  r: ServiceResult,
  pushed: Record<string, string> | undefined,
  strategy: string | undefined,
): ServiceReleaseRecord {
  // berth names a service's one container after the service (render/task-definition.ts).
  const images = r.images ?? (pushed?.[r.service] ? { [r.service]: pushed[r.service]! } : {});
  const result = SERVICE_RESULTS.has(r.result as ServiceReleaseRecord["result"])
    ? (r.result as ServiceReleaseRecord["result"])
    : "failed";
  return {
    service: r.service,
    result,
    ...(r.taskDefinition ? { taskDefinition: r.taskDefinition } : {}),
    images,
    ...(r.deploymentArn ? { deploymentArn: r.deploymentArn } : {}),
    ...(strategy ? { strategy } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.diagnosis !== undefined ? { diagnosis: r.diagnosis } : {}),
    ...(r.servingTaskDefinition ? { servingTaskDefinition: r.servingTaskDefinition } : {}),
  };
}

function outcomeOf(result: DeployResult): { outcome: ReleaseOutcomeKind; reason?: string } {
  if (result.refused) return { outcome: "refused", reason: `${result.refused.reason}; nothing was changed` };
  if (result.problems && result.problems.length > 0)
    return { outcome: "failed", reason: `${result.problems.length} problem(s) in the manifest; nothing was changed` };
  const missing = result.preflight?.problems ?? [];
  if (missing.length > 0) {
    const p = missing[0]!;
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : "";
    const who = p.service ? `${p.service}: ` : "";
    return { outcome: "failed", reason: `pre-flight: ${who}${p.reference}: ${p.message}${more}; nothing was changed` };
  }
  const releases = result.releases ?? [];
  const first = (kind: string) => releases.find((r) => r.result === kind);
  const interrupted = first("interrupted");
  if (interrupted) return { outcome: "interrupted", reason: serviceReason(interrupted) };
  const rolledBack = first("rolled-back");
  if (rolledBack) return { outcome: "rolled-back", reason: serviceReason(rolledBack) };
  const failed = first("failed");
  if (failed) return { outcome: "failed", reason: serviceReason(failed) };
  // A removed service's stack ends "deleted": that is the deploy going well, not a failed stack.
  const stack = result.stacks.find((s) => !SETTLED_WELL.has(s.result));
  if (stack)
    return {
      outcome: "failed",
      reason: `stack ${stack.stackName}: ${stack.result}${"status" in stack ? ` (${stack.status})` : ""}`,
    };
  return result.ok ? { outcome: "succeeded" } : { outcome: "failed", reason: "the deploy did not finish" };
}

function serviceReason(r: ServiceResult): string {
  return `${r.service}: ${r.result}${r.reason ? `: ${r.reason}` : ""}`;
}
