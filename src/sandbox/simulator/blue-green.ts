import { detectFailure } from "./failure-detection.js";
import type { Deployment, LifecycleStage, Service } from "./model.js";
import { bakeTimeMs, nextStage, STAGES, pauseHooksAt, productionSteps, stepBakeMs } from "./stages.js";
import {
  finish,
  keepRunning,
  serviceOf,
  setWeights,
  stopRevision,
  taskDefinitionOf,
  type Tick,
  type World,
} from "./world.js";

const MINUTE = 60_000;

/**
 * One tick of a BLUE_GREEN, CANARY or LINEAR deployment
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html):
 * green scales up beside blue, takes test traffic, then production traffic (at once, in a
 * canary step, or in linear steps), bakes with both running, and blue is cleaned up.
 */
export function tickBlueGreen(world: World, deployment: Deployment, tick: Tick): void {
  const service = serviceOf(world, deployment);
  const { now } = tick;
  if (deployment.status === "PENDING") {
    deployment.status = "IN_PROGRESS";
    deployment.startedAt = now;
    enterStage(world, deployment, deployment.reconciling ? "RECONCILE_SERVICE" : "PRE_SCALE_UP", now);
  }
  if (deployment.status === "ROLLBACK_REQUESTED")
    beginRollback(world, deployment, deployment.statusReason ?? "Rollback requested", now);
  if (deployment.status === "ROLLBACK_IN_PROGRESS") return continueRollback(world, deployment, service, now);
  if (deployment.status !== "IN_PROGRESS") return;

  if (stageAtLeast(deployment, "SCALE_UP"))
    keepRunning(world, deployment.targetRevision, service.desiredCount, greenTargetGroup(service), now);
  const failure = detectFailure(world, deployment, tick);
  if (failure) {
    if (failure.rollback) beginRollback(world, deployment, failure.reason, now);
    else finish(deployment, "STOPPED", now, failure.reason);
    return;
  }
  // A stage lasts at least one tick, so every stage is observable through DescribeServiceDeployments.
  if (deployment.stageEnteredAt === now || deployment.hooks.some((h) => h.status === "AWAITING_ACTION")) return;
  const outcome = workOfStage(world, deployment, service, now);
  if (outcome === "wait") return;
  if (outcome === "next-step") return enterStage(world, deployment, "PRE_PRODUCTION_TRAFFIC_SHIFT", now);
  const next = nextStage(deployment.lifecycleStage ?? "PRE_SCALE_UP");
  if (next) enterStage(world, deployment, next, now);
  else complete(world, deployment, service, now);
}

/** Entering a stage starts the pause hooks configured for it: the deployment waits until each is continued. */
function enterStage(world: World, deployment: Deployment, stage: LifecycleStage, now: number): void {
  deployment.lifecycleStage = stage;
  deployment.stageEnteredAt = now;
  deployment.updatedAt = now;
  for (const hook of pauseHooksAt(deployment.configuration, stage)) {
    const timeout = hook.timeoutConfiguration ?? {};
    deployment.hooks.push({
      hookId: world.nextHookId(),
      targetType: "PAUSE",
      lifecycleStage: stage,
      status: "AWAITING_ACTION",
      expiresAt: now + (timeout.timeoutInMinutes ?? 1440) * MINUTE,
      timeoutAction: timeout.action ?? "ROLLBACK",
    });
  }
}

function workOfStage(
  world: World,
  deployment: Deployment,
  service: Service,
  now: number,
): "done" | "wait" | "next-step" {
  const config = service.loadBalancer?.advancedConfiguration;
  const blue = service.liveTargetGroup ?? "";
  const green = greenTargetGroup(service) ?? "";
  const elapsed = now - deployment.stageEnteredAt;
  switch (deployment.lifecycleStage) {
    case "RECONCILE_SERVICE":
      // Revisions of the deployment this one superseded go; blue keeps production.
      for (const revision of deployment.sourceRevisions.slice(1))
        stopRevision(world, revision, "Superseded by a new service deployment", now);
      setWeights(world, config?.productionListenerRule, { [blue]: 100, [green]: 0 });
      setWeights(world, config?.testListenerRule, { [blue]: 100, [green]: 0 });
      return "done";
    case "SCALE_UP":
      return world.fleet.ready(deployment.targetRevision).length >= service.desiredCount ? "done" : "wait";
    case "TEST_TRAFFIC_SHIFT":
      setWeights(world, config?.testListenerRule, { [blue]: 0, [green]: 100 });
      return "done";
    case "PRODUCTION_TRAFFIC_SHIFT": {
      const steps = productionSteps(deployment.strategy, deployment.configuration);
      const percent = steps[deployment.productionStep] ?? 100;
      setWeights(world, config?.productionListenerRule, { [blue]: 100 - percent, [green]: percent });
      if (deployment.productionStep >= steps.length - 1) return "done";
      if (elapsed < stepBakeMs(deployment.strategy, deployment.configuration)) return "wait";
      deployment.productionStep += 1;
      return "next-step";
    }
    case "BAKE_TIME":
      return elapsed >= bakeTimeMs(deployment.configuration) ? "done" : "wait";
    case "CLEAN_UP":
      for (const revision of deployment.sourceRevisions)
        stopRevision(world, revision, "Scaled down: blue revision cleaned up", now);
      return deployment.sourceRevisions.every((r) =>
        world.fleet.tasks.every((t) => t.revisionArn !== r || t.lastStatus === "STOPPED"),
      )
        ? "done"
        : "wait";
    default:
      return "done";
  }
}

function complete(world: World, deployment: Deployment, service: Service, now: number): void {
  service.liveTargetGroup = greenTargetGroup(service);
  service.activeRevision = deployment.targetRevision;
  service.taskDefinition = taskDefinitionOf(service, deployment.targetRevision);
  finish(deployment, "SUCCESSFUL", now);
}

/**
 * Rollback returns production and test traffic to blue and removes green; blue never
 * stopped serving, so it is quick (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html).
 */
function beginRollback(world: World, deployment: Deployment, reason: string, now: number): void {
  const service = serviceOf(world, deployment);
  const config = service.loadBalancer?.advancedConfiguration;
  const blue = service.liveTargetGroup ?? "";
  const green = greenTargetGroup(service) ?? "";
  deployment.status = "ROLLBACK_IN_PROGRESS";
  deployment.statusReason = reason;
  deployment.updatedAt = now;
  deployment.rollback = {
    reason,
    startedAt: now,
    serviceRevisionArn: deployment.sourceRevisions[0] ?? service.activeRevision,
  };
  for (const hook of deployment.hooks) if (hook.status === "AWAITING_ACTION") hook.status = "FAILED";
  setWeights(world, config?.productionListenerRule, { [blue]: 100, [green]: 0 });
  setWeights(world, config?.testListenerRule, { [blue]: 100, [green]: 0 });
  stopRevision(world, deployment.targetRevision, `Rolled back: ${reason}`, now);
}

function continueRollback(world: World, deployment: Deployment, service: Service, now: number): void {
  keepRunning(world, service.activeRevision, service.desiredCount, service.liveTargetGroup, now);
  const greenGone = world.fleet.tasks.every(
    (t) => t.revisionArn !== deployment.targetRevision || t.lastStatus === "STOPPED",
  );
  if (greenGone) finish(deployment, "ROLLBACK_SUCCESSFUL", now);
}

/** The target group not serving production: green for this deployment. */
export function greenTargetGroup(service: Service): string | undefined {
  const lb = service.loadBalancer;
  if (!lb) return undefined;
  const alternate = lb.advancedConfiguration?.alternateTargetGroupArn;
  return service.liveTargetGroup === lb.targetGroupArn ? alternate : lb.targetGroupArn;
}

function stageAtLeast(deployment: Deployment, stage: LifecycleStage): boolean {
  return STAGES.indexOf(deployment.lifecycleStage ?? "PRE_SCALE_UP") >= STAGES.indexOf(stage);
}
