import type { DeploymentConfiguration, LoadBalancer } from "./model.js";
import { pauseAllowedAt } from "./stages.js";

/** An error ECS would return, with its exception name (what the JSON protocol's __type carries). */
export class SimulatorError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

const MAX_PAUSE_HOOKS = 10;

/**
 * What ECS refuses in a deployment configuration, as far as the simulator models it.
 * Limits: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pause-lifecycle-hooks.html
 */
export function validateDeploymentConfiguration(
  config: DeploymentConfiguration,
  loadBalancer: LoadBalancer | undefined,
): void {
  const strategy = config.strategy ?? "ROLLING";
  const invalid = (message: string) => new SimulatorError("InvalidParameterException", message);
  // API_DeploymentConfiguration: "You must provide this parameter when you use the BLUE_GREEN deployment strategy."
  if (strategy === "BLUE_GREEN" && config.bakeTimeInMinutes === undefined)
    throw invalid("bakeTimeInMinutes is required with the BLUE_GREEN strategy.");
  if (strategy !== "ROLLING" && loadBalancer && !loadBalancer.advancedConfiguration?.alternateTargetGroupArn) {
    throw invalid(`The ${strategy} strategy with a load balancer needs advancedConfiguration.alternateTargetGroupArn.`);
  }
  const hooks = config.lifecycleHooks ?? [];
  for (const hook of hooks) {
    if (hook.targetType !== "PAUSE")
      throw invalid(
        "The berth sandbox simulates PAUSE lifecycle hooks only; AWS_LAMBDA hooks need a real Lambda function.",
      );
    const blocked = hook.lifecycleStages.find((stage) => !pauseAllowedAt(stage));
    if (blocked) throw invalid(`A PAUSE hook cannot be set at ${blocked}: that stage runs again during rollback.`);
    const minutes = hook.timeoutConfiguration?.timeoutInMinutes;
    if (minutes !== undefined && (minutes < 1 || minutes > 20160))
      throw invalid("timeoutInMinutes must be between 1 and 20160.");
  }
  if (hooks.length > MAX_PAUSE_HOOKS) throw invalid(`At most ${MAX_PAUSE_HOOKS} PAUSE hooks per service.`);
  const step = config.linearConfiguration?.stepPercent;
  if (step !== undefined && (step < 3 || step > 100))
    throw invalid("linearConfiguration.stepPercent must be between 3.0 and 100.0.");
  const canary = config.canaryConfiguration?.canaryPercent;
  if (canary !== undefined && (canary < 0.1 || canary > 100))
    throw invalid("canaryConfiguration.canaryPercent must be between 0.1 and 100.0.");
}
