import { createHash } from "node:crypto";
import type { Manifest, Service } from "../../manifest/types.js";
import { resolvePlaceholders, type PlaceholderValues } from "../../render/resolve-placeholders.js";
import type { Rendered } from "../../render/render.js";
import type { Clock } from "../../time/clock.js";
import { checkNewVersion, type CheckPorts } from "./check-new-version.js";
import { decideRelease } from "./decide.js";

export type ReleaseResult = "unchanged" | "released" | "rolled-back" | "failed";

export interface ServiceOutcome {
  service: string;
  result: ReleaseResult;
  reason?: string;
  taskDefinition?: string;
}

export type ReleaseEvent =
  | { type: "registered"; service: string; taskDefinition: string }
  | { type: "progress"; service: string; status: string; stage?: string }
  | { type: "checked"; service: string; passed: boolean; detail: string };

export interface ReleaseContext {
  clock: Clock;
  pollMs: number;
  /** How long a deployment may take before berth stops waiting (ECS carries on, and rolls back on its own). */
  timeoutMs: number;
  emit: (event: ReleaseEvent) => void;
}

/**
 * Releases one service: registers its task definition unless the live one has the same
 * fingerprint, creates or updates the service, applies its scaling, then follows ECS's
 * deployment — checking the new version at berth's pause hook — to its end.
 */
export async function releaseService(m: Manifest, s: Service, rendered: Rendered, values: PlaceholderValues, ports: CheckPorts, ctx: ReleaseContext): Promise<ServiceOutcome> {
  const cluster = values.outputs.ClusterName ?? "";
  const task = resolvePlaceholders(rendered.taskDefinitions[s.name]!, values);
  if (!task.ok) return { service: s.name, result: "failed", reason: `missing values for the task definition: ${task.missing.join(", ")}` };
  const { scaling, ...definition } = rendered.serviceDefinitions[s.name]!;
  const fingerprint = createHash("sha256").update(JSON.stringify([task.value, definition.deploymentConfiguration])).digest("hex").slice(0, 32);
  const current = await ports.release.currentRevision(cluster, s.name);
  if (current?.fingerprint === fingerprint) return { service: s.name, result: "unchanged", taskDefinition: current.taskDefinition };

  const taskDefinition = await ports.release.registerTaskDefinition(task.value, fingerprint);
  ctx.emit({ type: "registered", service: s.name, taskDefinition });
  const service = resolvePlaceholders(definition, { ...values, taskDefinition });
  if (!service.ok) return { service: s.name, result: "failed", reason: `missing values for the service: ${service.missing.join(", ")}` };
  const before = current ? (await ports.release.latestDeployment(cluster, s.name))?.arn : undefined;
  if (current) {
    await ports.release.updateService({ cluster, service: s.name, taskDefinition, ...(service.value.deploymentConfiguration ? { deploymentConfiguration: service.value.deploymentConfiguration } : {}), ...(scaling ? {} : { desiredCount: service.value.desiredCount ?? 1 }) });
  } else {
    await ports.release.createService(service.value);
  }
  if (scaling) {
    const scalingValues = resolvePlaceholders(scaling, values);
    if (scalingValues.ok) await ports.release.applyScaling(scalingValues.value);
  }
  return follow(m, s, values.outputs, before, ports, ctx, taskDefinition);
}

async function follow(m: Manifest, s: Service, outputs: Record<string, string>, before: string | undefined, ports: CheckPorts, ctx: ReleaseContext, taskDefinition: string): Promise<ServiceOutcome> {
  const cluster = outputs.ClusterName ?? "";
  const answered = new Set<string>();
  const started = ctx.clock.now();
  let checkFailure: string | undefined;
  let last = "";
  while (ctx.clock.now() - started < ctx.timeoutMs) {
    const latest = await ports.release.latestDeployment(cluster, s.name);
    // Until ECS lists the deployment this update started, the newest one is the previous release.
    const state = latest && latest.arn !== before ? latest : undefined;
    if (state && `${state.status}/${state.stage}` !== last) {
      last = `${state.status}/${state.stage}`;
      ctx.emit({ type: "progress", service: s.name, status: state.status, ...(state.stage ? { stage: state.stage } : {}) });
    }
    const decision = decideRelease(state, answered);
    if (decision.kind === "released") return { service: s.name, result: "released", taskDefinition };
    // When berth's own check rolled it back, that check says why better than ECS's "rollback requested".
    if (decision.kind === "rolled-back" || decision.kind === "failed") return { service: s.name, result: decision.kind, reason: checkFailure ?? decision.reason, taskDefinition };
    if (decision.kind === "check" && state) {
      answered.add(decision.hookId);
      const problem = await checkNewVersion(m, s, outputs, ports);
      checkFailure = problem;
      ctx.emit({ type: "checked", service: s.name, passed: problem === undefined, detail: problem ?? "new targets healthy, smoke checks passed" });
      await ports.release.continueDeployment(state.arn, decision.hookId, problem === undefined ? "CONTINUE" : "ROLLBACK");
      continue;
    }
    await ctx.clock.sleep(ctx.pollMs);
  }
  return { service: s.name, result: "failed", reason: `the deployment did not finish within ${Math.round(ctx.timeoutMs / 60_000)} minutes; ECS carries on and rolls back by itself if it fails`, taskDefinition };
}
