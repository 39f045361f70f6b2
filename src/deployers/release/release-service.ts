import type { Manifest, Service } from "../../manifest/types.js";
import type { PlaceholderValues } from "../../render/resolve-placeholders.js";
import type { Rendered } from "../../render/render.js";
import type { Clock } from "../../time/clock.js";
import type { ReleaseTaskEvent } from "../one-off/release-task-event.js";
import { checkNewVersion, renewTestHeader, type CheckPorts } from "./check-new-version.js";
import { decideStart, type SettledDeployment } from "./decide.js";
import {
  deploymentsAtOnce,
  findOwnDeployment,
  inFlightDeployments,
  servingRevision,
  targetOf,
} from "./deployment-lookup.js";
import { followDeployment, type FollowEnd } from "./follow-deployment.js";
import { prepare, prepareService, serviceUpdate, type Prepared } from "./prepare-release.js";
import { withServing } from "./one-version.js";
import type { DeploymentBrief, DeploymentState, ReleasePort } from "./release-port.js";
import type { ServiceOutcome } from "./service-outcome.js";

export type { ReleaseResult, ServiceOutcome } from "./service-outcome.js";

export type ReleaseEvent =
  /** The release tasks that run before any release (deployers/one-off/release-gate.ts). */
  | ReleaseTaskEvent
  | { type: "registered"; service: string; taskDefinition: string }
  /** berth now follows this deployment (its own, or one an earlier run left in flight). */
  | { type: "following"; service: string; deploymentArn: string; own: boolean }
  | {
      type: "progress";
      service: string;
      deploymentArn: string;
      status: string;
      stage?: string;
      hookExpiresAt?: number;
      tasks?: { running: number; desired: number };
      /** The new version's share of production traffic, 0–100. */
      productionWeight?: number;
    }
  | { type: "settled"; service: string; deploymentArn: string; end: FollowEnd["kind"]; reason?: string }
  | { type: "checked"; service: string; passed: boolean; detail: string }
  /** A released service goes back to what served before, because another stayed behind (one-version.ts). */
  | { type: "returning"; service: string; taskDefinition: string; because: string };

export interface ReleaseContext {
  clock: Clock;
  pollMs: number;
  maxPollMs: number;
  /** How long a deployment may take before berth stops waiting (ECS carries on, and rolls back on its own). */
  timeoutMs: number;
  emit: (event: ReleaseEvent) => void;
  /** Per service, how long stages last when the manifest says it (stageDurations). */
  stageMs?: Record<string, Record<string, number>>;
  /** Task definitions the release tasks already registered (service → ARN): released as they are. */
  registered?: Record<string, string>;
}

/**
 * The stages whose length the manifest sets: bake time, and clean-up, which waits for the
 * old targets to drain (the deregistration delay). A canary or linear step is not among
 * them: its stage recurs, and the last step ends at once.
 */
export function stageDurations(m: Manifest): Record<string, Record<string, number>> {
  return Object.fromEntries(
    Object.values(m.services).map((s) => [
      s.name,
      { BAKE_TIME: s.deploy.bake * 1000, ...(s.http ? { CLEAN_UP: s.http.deregistrationDelay * 1000 } : {}) },
    ]),
  );
}

/**
 * Releases one service so that it serves what the manifest asks: first whatever an earlier
 * run left in flight is followed to its end (berth answers its pause hook), then the
 * version that serves — the last successful deployment's — is compared by fingerprint,
 * and only a different one is released: register, create or update, follow the deployment
 * this call started.
 */
export async function releaseService(
  m: Manifest,
  s: Service,
  rendered: Rendered,
  values: PlaceholderValues,
  ports: CheckPorts,
  ctx: ReleaseContext,
  earlier: SettledDeployment[] = [],
): Promise<ServiceOutcome> {
  const cluster = values.outputs.ClusterName ?? "";
  const prepared = prepare(s, rendered, values);
  if ("missing" in prepared) return { service: s.name, result: "failed", reason: prepared.missing };
  const base = { service: s.name, images: prepared.images };
  const release = ports.release;

  const live = await release.describeService(cluster, s.name);
  // Usually one listing says both what is in flight and what serves; what serves is read
  // again once something in flight was followed to its end.
  const listed = live ? await deploymentsAtOnce(release, cluster, s.name, live.createdAt) : undefined;
  const flying = listed ? await followEach(m, s, listed.inFlight, values.outputs, ports, ctx) : undefined;
  const settled = [
    ...earlier,
    ...(flying ?? (live ? await settleInFlight(m, s, values.outputs, ports, ctx, live.createdAt) : [])),
  ];
  const serving =
    listed && flying?.length === 0
      ? await targetOf(release, listed.lastSuccessful)
      : live
        ? await servingRevision(release, cluster, s.name, live.createdAt)
        : undefined;
  const start = decideStart(prepared.fingerprint, serving, settled);
  const kept = serving ? { taskDefinition: serving.taskDefinition, servingTaskDefinition: serving.taskDefinition } : {};
  if (start.kind === "unchanged") return { ...base, result: "unchanged", ...kept };
  if (start.kind === "finished-earlier")
    return {
      ...base,
      result: "released",
      reason: "an earlier deploy left this release in flight; berth finished it",
      ...kept,
    };

  const taskDefinition =
    ctx.registered?.[s.name] ?? (await release.registerTaskDefinition(prepared.task, prepared.fingerprint));
  if (!ctx.registered?.[s.name]) ctx.emit({ type: "registered", service: s.name, taskDefinition });
  const started = await startAndFollow(m, s, prepared, taskDefinition, live !== undefined, values.outputs, ports, ctx);
  return withServing({ ...base, ...(serving ? { previousTaskDefinition: serving.taskDefinition } : {}), ...started });
}

/**
 * `berth rollback`: releases a task definition berth registered before (recorded in the
 * history, with its exact image digests) through the service's current strategy and checks.
 */
export async function releaseTaskDefinition(
  m: Manifest,
  s: Service,
  rendered: Rendered,
  values: PlaceholderValues,
  ports: CheckPorts,
  ctx: ReleaseContext,
  recorded: { taskDefinition: string; images: Record<string, string> },
): Promise<ServiceOutcome> {
  const prepared = prepareService(s, rendered, values);
  if ("missing" in prepared) return { service: s.name, result: "failed", reason: prepared.missing };
  const cluster = values.outputs.ClusterName ?? "";
  const live = await ports.release.describeService(cluster, s.name);
  const before = live ? await servingRevision(ports.release, cluster, s.name, live.createdAt) : undefined;
  const outcome = await startAndFollow(
    m,
    s,
    prepared,
    recorded.taskDefinition,
    live !== undefined,
    values.outputs,
    ports,
    ctx,
  );
  return withServing({
    service: s.name,
    images: recorded.images,
    ...(before ? { previousTaskDefinition: before.taskDefinition } : {}),
    ...outcome,
  });
}

/** CreateService or UpdateService with this task definition, then the deployment that call started, to its end. */
async function startAndFollow(
  m: Manifest,
  s: Service,
  prepared: Pick<Prepared, "service" | "scaling">,
  taskDefinition: string,
  exists: boolean,
  outputs: Record<string, string>,
  ports: CheckPorts,
  ctx: ReleaseContext,
) {
  const cluster = outputs.ClusterName ?? "";
  const release = ports.release;
  const service = { ...prepared.service, taskDefinition };
  await renewTestHeader(s, outputs, ports);
  const calledAt = ctx.clock.now();
  if (exists) await release.updateService(serviceUpdate(service, prepared.scaling !== undefined));
  else await release.createService(service);
  if (prepared.scaling) await release.applyScaling(prepared.scaling);
  const own = await findOwnDeployment(release, cluster, s.name, taskDefinition, calledAt, ctx);
  if (!own)
    return {
      result: "failed" as const,
      taskDefinition,
      reason: "ECS listed no deployment for this release; run berth deploy again to follow it",
    };
  const end = await follow(s.name, own, true, release, checkerFor(m, s, outputs, ports, ctx), ctx);
  return { ...outcomeOf(end), taskDefinition, deploymentArn: own };
}

/**
 * Follows to its end every deployment of the service still in flight — an earlier run's,
 * killed or interrupted — answering berth's pause hook with the checks, so that nothing
 * is reported unchanged while it moves and the stack is never updated mid-release.
 */
export async function settleInFlight(
  m: Manifest,
  s: Service,
  outputs: Record<string, string>,
  ports: CheckPorts,
  ctx: ReleaseContext,
  serviceCreatedAt?: number,
): Promise<SettledDeployment[]> {
  const flying = await inFlightDeployments(ports.release, outputs.ClusterName ?? "", s.name, serviceCreatedAt);
  return followEach(m, s, flying, outputs, ports, ctx);
}

/** Each deployment followed to its end, oldest first, answering berth's pause hook with the checks. */
async function followEach(
  m: Manifest,
  s: Service,
  deployments: DeploymentBrief[],
  outputs: Record<string, string>,
  ports: CheckPorts,
  ctx: ReleaseContext,
): Promise<SettledDeployment[]> {
  const settled: SettledDeployment[] = [];
  const check = checkerFor(m, s, outputs, ports, ctx);
  for (const d of deployments) {
    const end = await follow(s.name, d.arn, false, ports.release, check, ctx);
    const revision = d.targetRevision ? await ports.release.revisionTaskDefinition(d.targetRevision) : undefined;
    settled.push({
      ...(revision?.fingerprint ? { fingerprint: revision.fingerprint } : {}),
      released: end.kind === "released",
    });
  }
  return settled;
}

function outcomeOf(end: FollowEnd): Pick<ServiceOutcome, "result" | "reason" | "failedCheck"> {
  if (end.kind === "released") return { result: "released" };
  const failedCheck = end.kind !== "timed-out" && end.failedCheck ? { failedCheck: end.failedCheck } : {};
  if (end.kind === "rolled-back") return { result: "rolled-back", reason: end.reason, ...failedCheck };
  return { result: "failed", reason: end.reason, ...failedCheck };
}

async function follow(
  service: string,
  deploymentArn: string,
  own: boolean,
  port: ReleasePort,
  check: () => Promise<string | undefined>,
  ctx: ReleaseContext,
): Promise<FollowEnd> {
  ctx.emit({ type: "following", service, deploymentArn, own });
  const onState = (state: DeploymentState) => ctx.emit(progressOf(service, state));
  const { stageMs, ...timing } = ctx;
  const end = await followDeployment(deploymentArn, port, check, {
    ...timing,
    stageMs: stageMs?.[service] ?? {},
    onState,
  });
  ctx.emit({
    type: "settled",
    service,
    deploymentArn,
    end: end.kind,
    ...(end.kind === "released" ? {} : { reason: end.reason }),
  });
  return end;
}

function progressOf(service: string, state: DeploymentState): ReleaseEvent {
  const awaiting = state.hooks.find((h) => h.status === "AWAITING_ACTION");
  return {
    type: "progress",
    service,
    deploymentArn: state.arn,
    status: state.status,
    ...(state.stage ? { stage: state.stage } : {}),
    ...(awaiting?.expiresAt !== undefined ? { hookExpiresAt: awaiting.expiresAt } : {}),
    ...(state.tasks ? { tasks: state.tasks } : {}),
    ...(state.productionWeight !== undefined ? { productionWeight: state.productionWeight } : {}),
  };
}

function checkerFor(m: Manifest, s: Service, outputs: Record<string, string>, ports: CheckPorts, ctx: ReleaseContext) {
  return async () => {
    const problem = await checkNewVersion(m, s, outputs, ports);
    ctx.emit({ type: "checked", service: s.name, passed: problem === undefined, detail: problem ?? passedChecks(s) });
    return problem;
  };
}

/** What passed, said as it was: a service without smoke checks had none run. */
function passedChecks(s: Service): string {
  const smoke = s.deploy.smoke.length;
  if (smoke === 0) return `new targets healthy; no smoke checks (services.${s.name}.deploy.smoke)`;
  return `new targets healthy, ${smoke === 1 ? "its smoke check" : `its ${smoke} smoke checks`} passed`;
}

/**
 * `berth rollback` of a release in flight: StopServiceDeployment with ROLLBACK (production
 * returns to the last successful revision at once), followed until ECS has rolled back.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html
 */
export async function stopInFlight(
  s: Service,
  outputs: Record<string, string>,
  ports: CheckPorts,
  ctx: ReleaseContext,
): Promise<ServiceOutcome | undefined> {
  const cluster = outputs.ClusterName ?? "";
  const live = await ports.release.describeService(cluster, s.name);
  const flying = live ? await inFlightDeployments(ports.release, cluster, s.name, live.createdAt) : [];
  if (flying.length === 0) return undefined;
  // A pause hook still waiting is answered ROLLBACK too.
  const refuse = async () => "berth rollback stopped this release";
  let outcome: ServiceOutcome = { service: s.name, result: "rolled-back" };
  for (const d of flying) {
    await ports.release.stopDeployment(d.arn);
    const end = await follow(s.name, d.arn, true, ports.release, refuse, ctx);
    outcome =
      end.kind === "rolled-back"
        ? {
            service: s.name,
            result: "rolled-back",
            reason: "stopped in flight; production is back on the version before",
            deploymentArn: d.arn,
          }
        : end.kind === "released"
          ? {
              service: s.name,
              result: "failed",
              reason:
                "the release finished before it could be stopped; run berth rollback again to return to the release before",
              deploymentArn: d.arn,
            }
          : { service: s.name, result: "failed", reason: end.reason, deploymentArn: d.arn };
  }
  return outcome;
}
