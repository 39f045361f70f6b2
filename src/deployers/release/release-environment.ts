import { UserError } from "../../exit-codes.js";
import type { Manifest } from "../../manifest/types.js";
import { logicalId } from "../../manifest/names.js";
import type { Rendered } from "../../render/render.js";
import type { PlaceholderValues } from "../../render/resolve-placeholders.js";
import { alarmNames } from "../../render/service-definition.js";
import { systemClock } from "../../time/clock.js";
import type { EnvironmentOptions, PushedImages, ReleasePorts } from "../environment-port.js";
import type { ListenerRulePort } from "../live-traffic.js";
import type { SettledDeployment } from "./decide.js";
import { diagnoseFailedRelease, type DiagnosisPort } from "./diagnose.js";
import { returnToOneVersion, servicesToReturn } from "./one-version.js";
import { settleInFlight } from "./in-flight.js";
import {
  releaseService,
  releaseTaskDefinition,
  stageDurations,
  type ReleaseContext,
  type ServiceOutcome,
} from "./release-service.js";

/**
 * Every rolled-back or failed release gets a diagnosis. One AWS will not let berth read is said
 * in its place (the release's outcome stands); any other error is a bug in berth and is thrown.
 */
export async function withDiagnoses(
  m: Manifest,
  outcomes: ServiceOutcome[],
  outputs: Record<string, string>,
  port: DiagnosisPort | undefined,
): Promise<ServiceOutcome[]> {
  if (!port) return outcomes;
  return Promise.all(
    outcomes.map(async (outcome) => {
      const s = m.services[outcome.service];
      if (!s || !outcome.taskDefinition || (outcome.result !== "rolled-back" && outcome.result !== "failed"))
        return outcome;
      const id = logicalId(s.name);
      const input = {
        cluster: outputs.ClusterName ?? "",
        service: s.name,
        taskDefinition: outcome.taskDefinition,
        targetGroupArns: [outputs[`${id}TargetGroupA`], outputs[`${id}TargetGroupB`]].filter(
          (arn): arn is string => arn !== undefined,
        ),
        alarmNames: s.http && s.deploy.strategy !== "rolling" ? alarmNames(m, s) : [],
        ...(outcome.failedCheck ? { failedCheck: outcome.failedCheck } : {}),
      };
      try {
        return { ...outcome, diagnosis: await diagnoseFailedRelease(port, input) };
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        return { ...outcome, diagnosisUnavailable: error.message };
      }
    }),
  );
}

export type Releasing = ReleasePorts & { rules: ListenerRulePort };

export function releaseContext(
  m: Manifest,
  options: Pick<EnvironmentOptions, "releasePollMs" | "clock" | "onRelease">,
): ReleaseContext {
  const pollMs = options.releasePollMs ?? 1_000;
  return {
    clock: options.clock ?? systemClock,
    pollMs,
    maxPollMs: Math.max(pollMs, 30_000),
    timeoutMs: 60 * 60_000,
    emit: options.onRelease ?? (() => {}),
    stageMs: stageDurations(m),
  };
}

/** Every service's in-flight deployments followed to their end, independently of the others. */
export async function settleAll(
  m: Manifest,
  outputs: Record<string, string>,
  ports: Releasing,
  ctx: ReleaseContext,
): Promise<Record<string, SettledDeployment[]>> {
  const checks = { ...ports.checks, rules: ports.rules };
  const services = Object.values(m.services);
  const results = await Promise.allSettled(
    services.map(async (s) => {
      const live = await checks.release.describeService(outputs.ClusterName ?? "", s.name);
      return live ? settleInFlight(m, s, outputs, checks, ctx, live.createdAt) : [];
    }),
  );
  // A service whose settling failed is settled again, and reported, by its release.
  return Object.fromEntries(
    services.map((s, i) => [s.name, results[i]?.status === "fulfilled" ? results[i].value : []]),
  );
}

/** What a release fills the rendered definitions' placeholders with. */
export async function placeholderValues(
  pushed: PushedImages,
  outputs: Record<string, string>,
  ports: Pick<ReleasePorts, "identity">,
): Promise<PlaceholderValues> {
  return {
    outputs,
    images: pushed.images,
    ...(await ports.identity()),
    ...(pushed.pullCredentials ? { pullCredentials: pushed.pullCredentials } : {}),
    ...(pushed.version ? { version: pushed.version } : {}),
  };
}

/**
 * Every service's release settles on its own: one service's AWS error is that service's
 * outcome, and the others' releases are followed to their ends and reported.
 */
export async function releaseAll(
  m: Manifest,
  rendered: Rendered,
  pushed: PushedImages,
  outputs: Record<string, string>,
  ports: Releasing,
  context: ReleaseContext,
  settled: Record<string, SettledDeployment[]>,
  /** The services to release (default every one): a service whose stack failed is left out. */
  names: string[] = Object.keys(m.services),
): Promise<ServiceOutcome[]> {
  const values = await placeholderValues(pushed, outputs, ports);
  const checks = { ...ports.checks, rules: ports.rules };
  const services = Object.values(m.services).filter((s) => names.includes(s.name));
  const results = await Promise.allSettled(
    services.map((s) => releaseService(m, s, rendered, values, checks, context, settled[s.name] ?? [])),
  );
  return results.map((r, i): ServiceOutcome => {
    if (r.status === "fulfilled") return r.value;
    const reason = r.reason instanceof Error ? r.reason.message : String(r.reason);
    return { service: services[i]!.name, result: "failed", reason };
  });
}

/**
 * One version per environment (`deploy.atomic`, on unless an environment opts out): when a
 * service stayed behind, the services this deploy released return to what served before,
 * each through its own strategy and checks (one-version.ts decides which).
 */
export async function returnAll(
  m: Manifest,
  rendered: Rendered,
  pushed: PushedImages,
  outputs: Record<string, string>,
  ports: Releasing,
  context: ReleaseContext,
  outcomes: ServiceOutcome[],
): Promise<ServiceOutcome[]> {
  if (!m.atomic || servicesToReturn(outcomes).returning.length === 0) return outcomes;
  const values = await placeholderValues(pushed, outputs, ports);
  const checks = { ...ports.checks, rules: ports.rules };
  return returnToOneVersion(outcomes, (service, taskDefinition, because) => {
    context.emit({ type: "returning", service, taskDefinition, because });
    return releaseTaskDefinition(m, m.services[service]!, rendered, values, checks, context, {
      taskDefinition,
      images: {},
    });
  });
}
