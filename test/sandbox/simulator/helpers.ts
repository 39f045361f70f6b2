import type { DeploymentConfiguration, TaskFault } from "../../../src/sandbox/simulator/model.js";
import { DeploymentSimulator } from "../../../src/sandbox/simulator/simulator.js";

export const BLUE = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/1";
export const GREEN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-green/2";
export const PRODUCTION_RULE = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/prod";
export const TEST_RULE = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/test";
export const MINUTE = 60_000;

/** A service with two healthy tasks of web:1 behind blue, ready for a release of web:2. */
export function settledService(
  config: DeploymentConfiguration,
  options: { newTaskFault?: TaskFault; withLoadBalancer?: boolean } = {},
) {
  const sim = new DeploymentSimulator(options.newTaskFault ? { newTaskFault: options.newTaskFault } : {});
  const loadBalancers =
    options.withLoadBalancer === false
      ? []
      : [
          {
            targetGroupArn: BLUE,
            containerName: "web",
            containerPort: 8000,
            advancedConfiguration: {
              alternateTargetGroupArn: GREEN,
              productionListenerRule: PRODUCTION_RULE,
              testListenerRule: TEST_RULE,
            },
          },
        ];
  sim.createService({
    cluster: "app",
    serviceName: "web",
    taskDefinition: "web:1",
    desiredCount: 2,
    deploymentConfiguration: config,
    loadBalancers,
  });
  sim.clock.advance(MINUTE);
  return sim;
}

/** Starts a release of web:2 and returns its service deployment ARN. */
export function release(sim: DeploymentSimulator, taskDefinition = "web:2"): string {
  sim.updateService({ cluster: "app", service: "web", taskDefinition });
  const arn = sim.listServiceDeployments({ cluster: "app", service: "web" }).serviceDeployments[0]
    ?.serviceDeploymentArn;
  if (!arn) throw new Error("no deployment started");
  return arn;
}

export function describe1(sim: DeploymentSimulator, arn: string) {
  const deployment = sim.describeServiceDeployments({ serviceDeploymentArns: [arn] }).serviceDeployments[0];
  if (!deployment) throw new Error(`no deployment ${arn}`);
  return deployment;
}

/** Advances one second at a time until the condition holds; returns the stages seen on the way. */
export function advanceUntil(
  sim: DeploymentSimulator,
  arn: string,
  done: (d: ReturnType<typeof describe1>) => boolean,
  limitMs = 120 * MINUTE,
): string[] {
  const stages: string[] = [];
  for (let waited = 0; waited <= limitMs; waited += 1_000) {
    const d = describe1(sim, arn);
    if (d.lifecycleStage && stages.at(-1) !== d.lifecycleStage) stages.push(d.lifecycleStage);
    if (done(d)) return stages;
    sim.clock.advance(1_000);
  }
  throw new Error(
    `condition not reached within ${limitMs / MINUTE} min; deployment is ${describe1(sim, arn).status} at ${describe1(sim, arn).lifecycleStage}`,
  );
}

export const finished = (d: { status: string }) =>
  ["SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"].includes(d.status);
export const awaitingHook = (d: { lifecycleHookDetails: { status: string }[] }) =>
  d.lifecycleHookDetails.some((h) => h.status === "AWAITING_ACTION");
