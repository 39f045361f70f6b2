/**
 * The simulator's data, shaped like ECS's API (camelCase, as in the ECS JSON protocol)
 * so the sandbox proxy can answer ECS calls from it directly.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html
 */
export type Strategy = "ROLLING" | "BLUE_GREEN" | "CANARY" | "LINEAR";

export type LifecycleStage =
  | "RECONCILE_SERVICE"
  | "PRE_SCALE_UP"
  | "SCALE_UP"
  | "POST_SCALE_UP"
  | "TEST_TRAFFIC_SHIFT"
  | "POST_TEST_TRAFFIC_SHIFT"
  | "PRE_PRODUCTION_TRAFFIC_SHIFT"
  | "PRODUCTION_TRAFFIC_SHIFT"
  | "POST_PRODUCTION_TRAFFIC_SHIFT"
  | "BAKE_TIME"
  | "CLEAN_UP";

export type DeploymentStatus =
  | "PENDING"
  | "IN_PROGRESS"
  | "SUCCESSFUL"
  | "STOPPED"
  | "STOP_REQUESTED"
  | "ROLLBACK_REQUESTED"
  | "ROLLBACK_IN_PROGRESS"
  | "ROLLBACK_SUCCESSFUL"
  | "ROLLBACK_FAILED";

export interface LifecycleHook {
  targetType?: "PAUSE" | "AWS_LAMBDA";
  lifecycleStages: LifecycleStage[];
  timeoutConfiguration?: { timeoutInMinutes?: number; action?: "CONTINUE" | "ROLLBACK" };
}

export interface DeploymentConfiguration {
  strategy?: Strategy;
  bakeTimeInMinutes?: number;
  canaryConfiguration?: { canaryPercent?: number; canaryBakeTimeInMinutes?: number };
  linearConfiguration?: { stepPercent?: number; stepBakeTimeInMinutes?: number };
  lifecycleHooks?: LifecycleHook[];
  alarms?: { alarmNames: string[]; enable: boolean; rollback: boolean };
  deploymentCircuitBreaker?: { enable: boolean; rollback: boolean };
}

export interface LoadBalancer {
  targetGroupArn: string;
  containerName?: string;
  containerPort?: number;
  advancedConfiguration?: {
    alternateTargetGroupArn: string;
    productionListenerRule?: string;
    testListenerRule?: string;
  };
}

export interface HookDetail {
  hookId: string;
  targetType: "PAUSE";
  lifecycleStage: LifecycleStage;
  status: "AWAITING_ACTION" | "SUCCEEDED" | "FAILED" | "TIMED_OUT";
  expiresAt: number;
  timeoutAction: "CONTINUE" | "ROLLBACK";
}

export interface Deployment {
  serviceDeploymentArn: string;
  serviceArn: string;
  clusterArn: string;
  strategy: Strategy;
  configuration: DeploymentConfiguration;
  status: DeploymentStatus;
  statusReason?: string;
  lifecycleStage?: LifecycleStage;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  stoppedAt?: number;
  updatedAt: number;
  sourceRevisions: string[];
  targetRevision: string;
  /** Set when another deployment was in flight: the first stage is RECONCILE_SERVICE. */
  reconciling: boolean;
  stageEnteredAt: number;
  /** Index into the production traffic steps (canary and linear shift in several). */
  productionStep: number;
  hooks: HookDetail[];
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string };
  circuitBreaker: {
    status: "MONITORING" | "TRIGGERED" | "DISABLED" | "MONITORING_COMPLETE";
    failureCount: number;
    threshold: number;
  };
  alarms: {
    status: "MONITORING" | "TRIGGERED" | "DISABLED" | "MONITORING_COMPLETE";
    alarmNames: string[];
    triggeredAlarmNames: string[];
  };
}

/**
 * What goes wrong with a revision's tasks: none, fail target health checks, exit after
 * starting, answer requests through the load balancer with 500 (smoke checks fail while
 * health checks pass), or make a watched alarm fire during bake time.
 */
export type TaskFault = "none" | "unhealthy" | "crash" | "smoke" | "alarm";

/** A container of a simulated task, as its task definition names it. */
export interface TaskContainer {
  name: string;
  essential: boolean;
  exitCode?: number;
}

/** A line a simulated container wrote, waiting to be copied into CloudWatch Logs. */
export interface TaskLogLine {
  taskArn: string;
  revisionArn: string;
  container: string;
  at: number;
  message: string;
}

export interface Task {
  taskArn: string;
  revisionArn: string;
  lastStatus: "PROVISIONING" | "RUNNING" | "STOPPED";
  desiredStatus: "RUNNING" | "STOPPED";
  launchedAt: number;
  /** When the next target health check runs (once RUNNING and registered). */
  nextCheckAt?: number;
  /** When a draining task finishes deregistering and stops. */
  drainedAt?: number;
  stoppedAt?: number;
  stoppedReason?: string;
  ip: string;
  targetGroupArn?: string;
  health: "initial" | "healthy" | "unhealthy" | "draining" | "unregistered";
  passes: number;
  failures: number;
  fault: TaskFault;
  containers: TaskContainer[];
}

export interface ServiceRevision {
  arn: string;
  taskDefinition: string;
  desiredCount: number;
  /** ECS Exec, as the service had it when this revision's deployment started. */
  enableExecuteCommand: boolean;
}

export interface Service {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  createdAt: number;
  desiredCount: number;
  taskDefinition: string;
  deploymentConfiguration: DeploymentConfiguration;
  loadBalancer?: LoadBalancer;
  /** The target group that serves production now; blue/green swaps it on success. */
  liveTargetGroup?: string;
  revisions: ServiceRevision[];
  /** The revision running when no deployment is in flight. */
  activeRevision: string;
  enableExecuteCommand: boolean;
}
