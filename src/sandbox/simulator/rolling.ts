import { detectFailure } from "./failure-detection.js";
import type { Deployment } from "./model.js";
import { finish, keepRunning, serviceOf, stopRevision, taskDefinitionOf, type Tick, type World } from "./world.js";

/**
 * One tick of a ROLLING deployment: tasks of the new revision start, and an old task is
 * stopped for each new one that is ready, until only the new revision runs
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html).
 * The simulator assumes the defaults maximumPercent 200 / minimumHealthyPercent 100: all
 * new tasks start at once and old ones leave as new ones become ready. A service's first
 * deployment is this with no old revision.
 */
export function tickRolling(world: World, deployment: Deployment, tick: Tick): void {
  const service = serviceOf(world, deployment);
  const { now } = tick;
  const targetGroup = service.liveTargetGroup;
  if (deployment.status === "PENDING") {
    deployment.status = "IN_PROGRESS";
    deployment.startedAt = now;
  }
  if (deployment.status === "ROLLBACK_REQUESTED")
    beginRollback(world, deployment, deployment.statusReason ?? "Rollback requested", now);
  if (deployment.status === "ROLLBACK_IN_PROGRESS") {
    // The old revision comes back to full strength; the new one goes.
    const previous = deployment.rollback?.serviceRevisionArn ?? service.activeRevision;
    keepRunning(world, previous, service.desiredCount, targetGroup, now);
    if (world.fleet.ready(previous).length >= service.desiredCount) {
      stopRevision(world, deployment.targetRevision, "Rolled back", now);
      finish(deployment, "ROLLBACK_SUCCESSFUL", now);
    }
    return;
  }
  if (deployment.status !== "IN_PROGRESS") return;

  keepRunning(world, deployment.targetRevision, service.desiredCount, targetGroup, now);
  const failure = detectFailure(world, deployment, tick);
  if (failure) {
    if (failure.rollback && deployment.sourceRevisions.length > 0)
      beginRollback(world, deployment, failure.reason, now);
    else finish(deployment, "STOPPED", now, failure.reason);
    return;
  }
  const ready = world.fleet.ready(deployment.targetRevision).length;
  let oldAllowed = Math.max(0, service.desiredCount - ready);
  for (const revision of deployment.sourceRevisions) {
    for (const task of world.fleet.live(revision)) {
      if (oldAllowed > 0) oldAllowed -= 1;
      else world.fleet.stop(task, "Scaled down: replaced by a task of the new revision", now);
    }
  }
  const oldLeft = deployment.sourceRevisions.some((r) => world.fleet.live(r).length > 0);
  if (ready >= service.desiredCount && !oldLeft) {
    service.activeRevision = deployment.targetRevision;
    service.taskDefinition = taskDefinitionOf(service, deployment.targetRevision);
    finish(deployment, "SUCCESSFUL", now);
  }
}

function beginRollback(world: World, deployment: Deployment, reason: string, now: number): void {
  const service = serviceOf(world, deployment);
  deployment.status = "ROLLBACK_IN_PROGRESS";
  deployment.statusReason = reason;
  deployment.updatedAt = now;
  deployment.rollback = {
    reason,
    startedAt: now,
    serviceRevisionArn: deployment.sourceRevisions[0] ?? service.activeRevision,
  };
}
