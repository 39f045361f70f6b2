import type { Deployment } from "./model.js";
import type { Tick, World } from "./world.js";

/**
 * Why a deployment in progress must stop, if it must: the circuit breaker counted enough
 * failed tasks of the new revision, a watched alarm is in ALARM, or a pause hook timed
 * out with action ROLLBACK. Returns the reason, and whether to roll back or only stop.
 */
export function detectFailure(
  world: World,
  deployment: Deployment,
  tick: Tick,
): { reason: string; rollback: boolean } | undefined {
  return circuitBreaker(deployment, tick) ?? alarms(world, deployment) ?? hookTimeouts(deployment, tick.now);
}

/**
 * The circuit breaker counts tasks of the new revision that fail to reach RUNNING or fail
 * health checks (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html).
 * AWS documents it for rolling deployments and, on the failure-detection page, for
 * blue/green too; the simulator applies it to every strategy when enabled.
 */
function circuitBreaker(deployment: Deployment, tick: Tick) {
  const breaker = deployment.configuration.deploymentCircuitBreaker;
  if (!breaker?.enable || deployment.circuitBreaker.status !== "MONITORING") return undefined;
  deployment.circuitBreaker.failureCount += tick.failures.filter(
    (f) => f.task.revisionArn === deployment.targetRevision,
  ).length;
  if (deployment.circuitBreaker.failureCount < deployment.circuitBreaker.threshold) return undefined;
  deployment.circuitBreaker.status = "TRIGGERED";
  const last = tick.failures.at(-1)?.reason ?? "tasks failed";
  return {
    reason: `Circuit breaker: ${deployment.circuitBreaker.failureCount} tasks of the new revision failed (${last})`,
    rollback: breaker.rollback,
  };
}

/**
 * CloudWatch alarms watched during the deployment, bake time included
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html).
 */
function alarms(world: World, deployment: Deployment) {
  const config = deployment.configuration.alarms;
  if (!config?.enable || deployment.alarms.status !== "MONITORING") return undefined;
  const triggered = config.alarmNames.filter((name) => world.alarms.get(name) === "ALARM");
  if (triggered.length === 0) return undefined;
  deployment.alarms.status = "TRIGGERED";
  deployment.alarms.triggeredAlarmNames = triggered;
  return { reason: `CloudWatch alarm(s) in ALARM: ${triggered.join(", ")}`, rollback: config.rollback };
}

/**
 * A pause hook nobody answered applies its timeout action when it expires (default
 * ROLLBACK after 1440 minutes;
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHookTimeoutConfiguration.html).
 */
function hookTimeouts(deployment: Deployment, now: number) {
  for (const hook of deployment.hooks) {
    if (hook.status !== "AWAITING_ACTION" || now < hook.expiresAt) continue;
    hook.status = "TIMED_OUT";
    if (hook.timeoutAction === "ROLLBACK")
      return { reason: `Lifecycle hook ${hook.hookId} at ${hook.lifecycleStage} timed out`, rollback: true };
  }
  return undefined;
}
