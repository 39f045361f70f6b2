import type { Fleet, TaskFailure } from "./fleet.js";
import type { Deployment, Service, TaskContainer, TaskFault } from "./model.js";

/** Everything a deployment step may read or change. */
export interface World {
  fleet: Fleet;
  services: Map<string, Service>;
  deployments: Deployment[];
  /** Listener rule ARN → weight per target group ARN. */
  listenerRules: Map<string, Record<string, number>>;
  alarms: Map<string, "OK" | "ALARM">;
  faultFor(revisionArn: string): TaskFault;
  containersFor(revisionArn: string): readonly TaskContainer[];
  nextHookId(): string;
}

/** A step of the engine for one deployment: what happened to tasks this tick, and the time. */
export interface Tick {
  now: number;
  failures: TaskFailure[];
}

export function serviceOf(world: World, deployment: Deployment): Service {
  const service = world.services.get(deployment.serviceArn);
  if (!service) throw new Error(`simulator: deployment ${deployment.serviceDeploymentArn} has no service`);
  return service;
}

/** The service a revision belongs to, and the revision; undefined for a deleted service's. */
export function revisionOf(
  world: World,
  revisionArn: string,
): { service: Service; revision: Service["revisions"][number] } | undefined {
  for (const service of world.services.values()) {
    const revision = service.revisions.find((r) => r.arn === revisionArn);
    if (revision) return { service, revision };
  }
  return undefined;
}

export function taskDefinitionOf(service: Service, revisionArn: string): string {
  return service.revisions.find((r) => r.arn === revisionArn)?.taskDefinition ?? service.taskDefinition;
}

/** Keeps `count` tasks of a revision alive, as the ECS service scheduler replaces stopped ones. */
export function keepRunning(
  world: World,
  revisionArn: string,
  count: number,
  targetGroupArn: string | undefined,
  now: number,
): void {
  const missing = count - world.fleet.live(revisionArn).length;
  for (let i = 0; i < missing; i++)
    world.fleet.launch(revisionArn, targetGroupArn, world.faultFor(revisionArn), world.containersFor(revisionArn), now);
}

export function stopRevision(world: World, revisionArn: string, reason: string, now: number): void {
  for (const task of world.fleet.live(revisionArn)) world.fleet.stop(task, reason, now);
}

export function setWeights(world: World, ruleArn: string | undefined, weights: Record<string, number>): void {
  if (ruleArn) world.listenerRules.set(ruleArn, weights);
}

export function finish(deployment: Deployment, status: Deployment["status"], now: number, reason?: string): void {
  deployment.status = status;
  deployment.finishedAt = now;
  deployment.updatedAt = now;
  if (reason) deployment.statusReason = reason;
  if (deployment.circuitBreaker.status === "MONITORING") deployment.circuitBreaker.status = "MONITORING_COMPLETE";
  if (deployment.alarms.status === "MONITORING") deployment.alarms.status = "MONITORING_COMPLETE";
}
