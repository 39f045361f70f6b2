import type { Manifest, Service } from "../../manifest/types.js";
import type { PlaceholderValues } from "../../render/resolve-placeholders.js";
import type { Rendered } from "../../render/render.js";
import { renewTestHeader, type CheckPorts } from "./check-new-version.js";
import { decideStart, type SettledDeployment } from "./decide.js";
import { deploymentsAtOnce, findOwnDeployment, servingRevision, targetOf } from "./deployment-lookup.js";
import { checkerFor, follow, outcomeOf } from "./follow-release.js";
import { followEach, settleInFlight } from "./in-flight.js";
import type { ReleaseContext } from "./release-context.js";
import { prepare, prepareService, serviceUpdate, type Prepared } from "./prepare-release.js";
import { withServing } from "./one-version.js";
import type { ServiceOutcome } from "./service-outcome.js";

export type { ReleaseResult, ServiceOutcome } from "./service-outcome.js";
export type { ReleaseContext, ReleaseEvent } from "./release-context.js";

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
