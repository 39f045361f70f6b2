import type { Deployment, Service, Task } from "./model.js";
import { productionSteps, STAGES } from "./stages.js";
import type { World } from "./world.js";

/**
 * The simulator's records in the shapes ECS and ELBv2 return
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetHealth.html).
 * Times are Dates, as the SDK returns them; the proxy serializes them for the wire.
 */
const at = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

export function serviceDeploymentView(world: World, d: Deployment) {
  const service = world.services.get(d.serviceArn);
  const [production, test] = greenShares(d);
  const revision = (arn: string, production: number, test: number) => {
    const live = world.fleet.live(arn);
    return {
      arn,
      requestedTaskCount: service?.desiredCount ?? 0,
      runningTaskCount: live.filter((t) => t.lastStatus === "RUNNING").length,
      pendingTaskCount: live.filter((t) => t.lastStatus === "PROVISIONING").length,
      requestedProductionTrafficWeight: production,
      requestedTestTrafficWeight: test,
    };
  };
  return {
    ...deploymentIdentity(d),
    stoppedAt: at(d.stoppedAt),
    updatedAt: at(d.updatedAt),
    sourceServiceRevisions: d.sourceRevisions.map((arn) => revision(arn, 100 - production, 100 - test)),
    targetServiceRevision: revision(d.targetRevision, production, test),
    lifecycleStage: d.lifecycleStage,
    deploymentConfiguration: d.configuration,
    rollback: d.rollback ? { ...d.rollback, startedAt: at(d.rollback.startedAt) } : undefined,
    deploymentCircuitBreaker: d.circuitBreaker,
    alarms: d.alarms,
    lifecycleHookDetails: d.hooks.map((h) => ({ ...h, expiresAt: at(h.expiresAt) })),
  };
}

/** Green's share of [production, test] traffic as the deployment stands. */
function greenShares(d: Deployment): [number, number] {
  if (d.status === "SUCCESSFUL") return [100, 100];
  if (d.status !== "IN_PROGRESS" || !d.lifecycleStage) return [0, 0];
  const stage = STAGES.indexOf(d.lifecycleStage);
  const test = stage > STAGES.indexOf("TEST_TRAFFIC_SHIFT") ? 100 : 0;
  const steps = productionSteps(d.strategy, d.configuration);
  const shifted = stage >= STAGES.indexOf("PRODUCTION_TRAFFIC_SHIFT") ? d.productionStep : d.productionStep - 1;
  return [shifted < 0 ? 0 : (steps[shifted] ?? 100), test];
}

/** The fields ListServiceDeployments' brief form and DescribeServiceDeployments share. */
function deploymentIdentity(d: Deployment) {
  return {
    serviceDeploymentArn: d.serviceDeploymentArn,
    serviceArn: d.serviceArn,
    clusterArn: d.clusterArn,
    createdAt: at(d.createdAt),
    startedAt: at(d.startedAt),
    finishedAt: at(d.finishedAt),
    status: d.status,
    statusReason: d.statusReason,
  };
}

export function serviceDeploymentBrief(d: Deployment) {
  return { ...deploymentIdentity(d), targetServiceRevisionArn: d.targetRevision };
}

export function serviceView(world: World, service: Service) {
  const live = world.fleet.tasks.filter(
    (t) => service.revisions.some((r) => r.arn === t.revisionArn) && t.desiredStatus === "RUNNING",
  );
  const current = [...world.deployments]
    .reverse()
    .find((d) => d.serviceArn === service.serviceArn && service.revisions.some((r) => r.arn === d.targetRevision));
  return {
    serviceArn: service.serviceArn,
    serviceName: service.serviceName,
    clusterArn: service.clusterArn,
    status: "ACTIVE",
    createdAt: at(service.createdAt),
    taskDefinition: service.taskDefinition,
    desiredCount: service.desiredCount,
    runningCount: live.filter((t) => t.lastStatus === "RUNNING").length,
    pendingCount: live.filter((t) => t.lastStatus === "PROVISIONING").length,
    deploymentController: { type: "ECS" },
    deploymentConfiguration: service.deploymentConfiguration,
    loadBalancers: service.loadBalancer ? [service.loadBalancer] : [],
    enableExecuteCommand: service.enableExecuteCommand,
    currentServiceDeployment: current?.serviceDeploymentArn,
  };
}

const HEALTH: Record<Task["health"], { State: string; Reason?: string; Description?: string }> = {
  initial: {
    State: "initial",
    Reason: "Elb.RegistrationInProgress",
    Description: "Target registration is in progress",
  },
  healthy: { State: "healthy" },
  unhealthy: {
    State: "unhealthy",
    Reason: "Target.ResponseCodeMismatch",
    Description: "Health checks failed with these codes: [500]",
  },
  draining: {
    State: "draining",
    Reason: "Target.DeregistrationInProgress",
    Description: "Target deregistration is in progress",
  },
  unregistered: {
    State: "unused",
    Reason: "Target.NotRegistered",
    Description: "Target is not registered to the target group",
  },
};

export function targetHealthView(world: World, targetGroupArn: string, port = 8000) {
  return {
    TargetHealthDescriptions: world.fleet.registeredIn(targetGroupArn).map((task) => ({
      Target: { Id: task.ip, Port: port },
      HealthCheckPort: String(port),
      // A task still starting is registered but not checked yet.
      TargetHealth: HEALTH[task.lastStatus === "PROVISIONING" ? "initial" : task.health],
    })),
  };
}

/** Why `berth exec` cannot open a shell in the sandbox, as its simulated tasks' ECS Exec agent reports it. */
export const SANDBOX_NO_EXEC =
  "the berth sandbox runs no containers, so there is no shell to open (`berth logs` shows what its simulated tasks log)";

/** A task as ECS DescribeTasks shows it: enough for a diagnosis (status, reason, exit code). */
export function taskView(service: Service, task: Task) {
  const revision = service.revisions.find((r) => r.arn === task.revisionArn);
  const exited = task.containers.some((c) => c.exitCode !== undefined);
  return {
    taskArn: task.taskArn,
    clusterArn: service.clusterArn,
    taskDefinitionArn: revision?.taskDefinition ?? service.taskDefinition,
    group: `service:${service.serviceName}`,
    startedBy: "ecs-svc/berth-sandbox",
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    healthStatus: task.health === "healthy" ? "HEALTHY" : task.health === "unhealthy" ? "UNHEALTHY" : "UNKNOWN",
    launchType: "FARGATE",
    platformVersion: "1.4.0",
    enableExecuteCommand: revision?.enableExecuteCommand ?? false,
    createdAt: at(task.launchedAt),
    stoppedAt: at(task.stoppedAt),
    stoppedReason: task.stoppedReason,
    stopCode: exited ? "EssentialContainerExited" : task.stoppedReason ? "ServiceSchedulerInitiated" : undefined,
    containers: task.containers.map((c) => ({
      name: c.name,
      lastStatus: task.lastStatus,
      exitCode: c.exitCode,
      runtimeId: `${task.taskArn.split("/").pop()}-${c.name}`,
      networkInterfaces: [{ privateIpv4Address: task.ip }],
      // The agent ECS Exec talks to: a simulated task has no container for it to run in.
      ...(revision?.enableExecuteCommand
        ? { managedAgents: [{ name: "ExecuteCommandAgent", lastStatus: "STOPPED", reason: SANDBOX_NO_EXEC }] }
        : {}),
    })),
  };
}
