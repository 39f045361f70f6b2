import { createHash } from "node:crypto";
import type { CreateServiceRequest, RegisterTaskDefinitionRequest } from "@aws-sdk/client-ecs";
import type { Manifest, Service } from "../../manifest/types.js";
import { resolvePlaceholders, type PlaceholderValues } from "../../render/resolve-placeholders.js";
import type { Rendered } from "../../render/render.js";
import type { ServiceScaling } from "../../render/scaling.js";
import type { Clock } from "../../time/clock.js";
import { checkNewVersion, type CheckPorts } from "./check-new-version.js";
import type { Diagnosis } from "./diagnose.js";
import { decideStart, type SettledDeployment } from "./decide.js";
import { findOwnDeployment, inFlightDeployments, servingRevision } from "./deployment-lookup.js";
import { followDeployment, type FollowEnd } from "./follow-deployment.js";
import type { DeploymentState, ReleasePort, ServiceUpdate } from "./release-port.js";

export type ReleaseResult = "unchanged" | "released" | "rolled-back" | "failed" | "interrupted" | "removed";

export interface ServiceOutcome {
  service: string;
  result: ReleaseResult;
  reason?: string;
  taskDefinition?: string;
  deploymentArn?: string;
  /** Container name → image pinned by digest, as released (or kept). */
  images?: Record<string, string>;
  /** The smoke or health check berth ran at the pause that failed, if that is why it rolled back. */
  failedCheck?: string;
  diagnosis?: Diagnosis;
}

export type ReleaseEvent =
  | { type: "registered"; service: string; taskDefinition: string }
  /** berth now follows this deployment (its own, or one an earlier run left in flight). */
  | { type: "following"; service: string; deploymentArn: string; own: boolean }
  | { type: "progress"; service: string; deploymentArn: string; status: string; stage?: string; hookExpiresAt?: number }
  | { type: "settled"; service: string; deploymentArn: string; end: FollowEnd["kind"]; reason?: string }
  | { type: "checked"; service: string; passed: boolean; detail: string };

export interface ReleaseContext {
  clock: Clock;
  pollMs: number;
  maxPollMs: number;
  /** How long a deployment may take before berth stops waiting (ECS carries on, and rolls back on its own). */
  timeoutMs: number;
  emit: (event: ReleaseEvent) => void;
}

/** What a release sends to ECS, resolved, and the fingerprint that names it. */
interface Prepared {
  task: RegisterTaskDefinitionRequest;
  service: CreateServiceRequest;
  scaling?: ServiceScaling;
  fingerprint: string;
  images: Record<string, string>;
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
  const settled = [...earlier, ...(live ? await settleInFlight(m, s, values.outputs, ports, ctx, live.createdAt) : [])];
  const serving = live ? await servingRevision(release, cluster, s.name, live.createdAt) : undefined;
  const start = decideStart(prepared.fingerprint, serving, settled);
  const kept = serving ? { taskDefinition: serving.taskDefinition } : {};
  if (start.kind === "unchanged") return { ...base, result: "unchanged", ...kept };
  if (start.kind === "finished-earlier") return { ...base, result: "released", reason: "an earlier deploy left this release in flight; berth finished it", ...kept };

  const taskDefinition = await release.registerTaskDefinition(prepared.task, prepared.fingerprint);
  ctx.emit({ type: "registered", service: s.name, taskDefinition });
  const service = { ...prepared.service, taskDefinition };
  const calledAt = ctx.clock.now();
  if (live) await release.updateService(serviceUpdate(service, prepared.scaling !== undefined));
  else await release.createService(service);
  if (prepared.scaling) await release.applyScaling(prepared.scaling);
  const own = await findOwnDeployment(release, cluster, s.name, taskDefinition, calledAt, ctx);
  if (!own) return { ...base, result: "failed", taskDefinition, reason: "ECS listed no deployment for this release; run berth deploy again to follow it" };
  const end = await follow(s.name, own, true, release, checkerFor(m, s, values.outputs, ports, ctx), ctx);
  return { ...base, ...outcomeOf(end), taskDefinition, deploymentArn: own };
}

/**
 * Follows to its end every deployment of the service still in flight — an earlier run's,
 * killed or interrupted — answering berth's pause hook with the checks, so that nothing
 * is reported unchanged while it moves and the stack is never updated mid-release.
 */
export async function settleInFlight(m: Manifest, s: Service, outputs: Record<string, string>, ports: CheckPorts, ctx: ReleaseContext, serviceCreatedAt?: number): Promise<SettledDeployment[]> {
  const settled: SettledDeployment[] = [];
  const check = checkerFor(m, s, outputs, ports, ctx);
  for (const d of await inFlightDeployments(ports.release, outputs.ClusterName ?? "", s.name, serviceCreatedAt)) {
    const end = await follow(s.name, d.arn, false, ports.release, check, ctx);
    const revision = d.targetRevision ? await ports.release.revisionTaskDefinition(d.targetRevision) : undefined;
    settled.push({ ...(revision?.fingerprint ? { fingerprint: revision.fingerprint } : {}), released: end.kind === "released" });
  }
  return settled;
}

function outcomeOf(end: FollowEnd): Pick<ServiceOutcome, "result" | "reason" | "failedCheck"> {
  if (end.kind === "released") return { result: "released" };
  const failedCheck = end.kind !== "timed-out" && end.failedCheck ? { failedCheck: end.failedCheck } : {};
  if (end.kind === "rolled-back") return { result: "rolled-back", reason: end.reason, ...failedCheck };
  return { result: "failed", reason: end.reason, ...failedCheck };
}

async function follow(service: string, deploymentArn: string, own: boolean, port: ReleasePort, check: () => Promise<string | undefined>, ctx: ReleaseContext): Promise<FollowEnd> {
  ctx.emit({ type: "following", service, deploymentArn, own });
  const onState = (state: DeploymentState) => ctx.emit(progressOf(service, state));
  const end = await followDeployment(deploymentArn, port, check, { ...ctx, onState });
  ctx.emit({ type: "settled", service, deploymentArn, end: end.kind, ...(end.kind === "released" ? {} : { reason: end.reason }) });
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
  };
}

function checkerFor(m: Manifest, s: Service, outputs: Record<string, string>, ports: CheckPorts, ctx: ReleaseContext) {
  return async () => {
    const problem = await checkNewVersion(m, s, outputs, ports);
    ctx.emit({ type: "checked", service: s.name, passed: problem === undefined, detail: problem ?? "new targets healthy, smoke checks passed" });
    return problem;
  };
}

/**
 * The task and service definitions with every placeholder filled, and their fingerprint:
 * everything berth sends to CreateService/UpdateService and RegisterTaskDefinition, so a
 * change of subnets, load balancer or grace period is a change like a new image.
 */
function prepare(s: Service, rendered: Rendered, values: PlaceholderValues): Prepared | { missing: string } {
  const task = resolvePlaceholders(rendered.taskDefinitions[s.name]!, values);
  if (!task.ok) return { missing: `missing values for the task definition: ${task.missing.join(", ")}` };
  const { scaling, ...definition } = rendered.serviceDefinitions[s.name]!;
  const service = resolvePlaceholders(definition, { ...values, taskDefinition: "" });
  if (!service.ok) return { missing: `missing values for the service: ${service.missing.join(", ")}` };
  const resolvedScaling = scaling ? resolvePlaceholders(scaling, values) : undefined;
  if (resolvedScaling && !resolvedScaling.ok) return { missing: `missing values for the scaling: ${resolvedScaling.missing.join(", ")}` };
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([task.value, service.value, resolvedScaling?.value ?? null]))
    .digest("hex")
    .slice(0, 32);
  const images: Record<string, string> = Object.fromEntries((task.value.containerDefinitions ?? []).map((c) => [c.name ?? "", c.image ?? ""]));
  return { task: task.value, service: service.value, fingerprint, images, ...(resolvedScaling?.ok ? { scaling: resolvedScaling.value } : {}) };
}

/**
 * UpdateService takes most of what CreateService does
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html); all
 * of it is sent so the service follows the manifest. The count is Application Auto
 * Scaling's when the service scales.
 */
function serviceUpdate(service: CreateServiceRequest & { taskDefinition: string }, scales: boolean): ServiceUpdate {
  const shared = Object.fromEntries(Object.entries(service).filter(([key]) => !CREATE_ONLY.has(key))) as Partial<ServiceUpdate>;
  return { ...shared, cluster: service.cluster ?? "", service: service.serviceName ?? "", taskDefinition: service.taskDefinition, ...(scales ? {} : { desiredCount: service.desiredCount ?? 1 }) };
}

/** CreateService parameters UpdateService does not take (tags go through TagResource), and the count handled above. */
const CREATE_ONLY = new Set(["serviceName", "cluster", "tags", "launchType", "schedulingStrategy", "role", "clientToken", "desiredCount"]);
