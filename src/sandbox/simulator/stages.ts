import type { DeploymentConfiguration, LifecycleStage, Strategy } from "./model.js";

/**
 * The lifecycle stages of a blue/green-family deployment, in order. Meaning of each:
 * ServiceDeployment.lifecycleStage in
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html
 * RECONCILE_SERVICE "only happens when you start a new service deployment with more than
 * 1 service revision in an ACTIVE state". PRE_PRODUCTION_TRAFFIC_SHIFT is a hook stage
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-lifecycle-hooks.html)
 * that recurs before every production traffic step of a canary or linear deployment.
 */
export const STAGES: readonly LifecycleStage[] = [
  "RECONCILE_SERVICE",
  "PRE_SCALE_UP",
  "SCALE_UP",
  "POST_SCALE_UP",
  "TEST_TRAFFIC_SHIFT",
  "POST_TEST_TRAFFIC_SHIFT",
  "PRE_PRODUCTION_TRAFFIC_SHIFT",
  "PRODUCTION_TRAFFIC_SHIFT",
  "POST_PRODUCTION_TRAFFIC_SHIFT",
  "BAKE_TIME",
  "CLEAN_UP",
];

export function nextStage(stage: LifecycleStage): LifecycleStage | undefined {
  return STAGES[STAGES.indexOf(stage) + 1];
}

/**
 * Pause hooks may not sit on TEST_TRAFFIC_SHIFT or PRODUCTION_TRAFFIC_SHIFT: those stages
 * are re-invoked during rollback, and a pause there would block it
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-lifecycle-hooks.html).
 */
export function pauseAllowedAt(stage: LifecycleStage): boolean {
  return stage !== "TEST_TRAFFIC_SHIFT" && stage !== "PRODUCTION_TRAFFIC_SHIFT";
}

const MINUTE = 60_000;

/**
 * The green revision's share of production traffic at each step. Defaults from
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html
 * (canaryPercent 5) and API_LinearConfiguration.html (stepPercent 10); a step percent
 * that does not divide 100 ends with a last step to 100.
 */
export function productionSteps(strategy: Strategy, config: DeploymentConfiguration): number[] {
  if (strategy === "CANARY") return [config.canaryConfiguration?.canaryPercent ?? 5, 100];
  if (strategy !== "LINEAR") return [100];
  const step = config.linearConfiguration?.stepPercent ?? 10;
  const steps: number[] = [];
  for (let percent = step; percent < 100 - 1e-9; percent += step) steps.push(Math.round(percent * 10) / 10);
  return [...steps, 100];
}

/** How long traffic stays at each intermediate step (defaults: canary 10 min, linear 6 min). */
export function stepBakeMs(strategy: Strategy, config: DeploymentConfiguration): number {
  if (strategy === "CANARY") return (config.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10) * MINUTE;
  if (strategy === "LINEAR") return (config.linearConfiguration?.stepBakeTimeInMinutes ?? 6) * MINUTE;
  return 0;
}

export function bakeTimeMs(config: DeploymentConfiguration): number {
  return (config.bakeTimeInMinutes ?? 0) * MINUTE;
}

/**
 * The circuit breaker's failure threshold: half the desired count, at least 3 and at most
 * 200 (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html).
 */
export function circuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount * 0.5)));
}

/** Hooks the configuration puts at a stage; the default target type is AWS_LAMBDA. */
export function pauseHooksAt(config: DeploymentConfiguration, stage: LifecycleStage) {
  return (config.lifecycleHooks ?? []).filter(
    (hook) => hook.targetType === "PAUSE" && hook.lifecycleStages.includes(stage),
  );
}
