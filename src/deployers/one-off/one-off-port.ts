import type { NetworkConfiguration } from "@aws-sdk/client-ecs";

/**
 * A one-off task: a task definition run once with its command (and environment) overridden,
 * outside any service — a release task, `berth run`. ECS RunTask, DescribeTasks, StopTask
 * and CloudWatch Logs GetLogEvents are all it needs.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
 */
export interface OneOffRequest {
  cluster: string;
  taskDefinition: string;
  /** The container whose command is overridden and whose exit code is the task's. */
  container: string;
  command: string[];
  /** Added to (and overriding) the container's environment. */
  environment?: Record<string, string>;
  /** Task-level overrides (Fargate CPU units, MiB). */
  cpu?: number;
  memory?: number;
  /** Where the service's own tasks run: same subnets, security groups and capacity provider. */
  placement: OneOffPlacement;
  /** ECS's `startedBy` (at most 36 characters): who started it, so a listing tells it apart from service tasks. */
  startedBy: string;
  /** ECS's task group: `berth-schedule:<name>` for a schedule's run, which `berth status` reads as its last run. */
  group?: string;
  /** The container's awslogs group and stream prefix; absent, no lines are streamed. */
  logs?: { group: string; streamPrefix: string };
}

/** A one-off task runs on Fargate (never Spot: a migration must not be reclaimed halfway) in the service's network. */
export interface OneOffPlacement {
  networkConfiguration?: NetworkConfiguration;
  platformVersion?: string;
}

/** A task as DescribeTasks says it, with its container of interest. */
export interface OneOffState {
  taskArn: string;
  lastStatus: string;
  /** TaskFailedToStart, EssentialContainerExited, UserInitiated, … (Task.stopCode). */
  stopCode?: string;
  stoppedReason?: string;
  exitCode?: number;
  /** Why the container stopped, when ECS says (CannotPullContainerError, …). */
  containerReason?: string;
}

export interface OneOffTaskPort {
  /** RunTask; a failure (no capacity, a bad subnet, …) is ECS's reason, not an error. */
  runTask(request: OneOffRequest): Promise<{ taskArn: string } | { failure: string }>;
  describeTask(cluster: string, taskArn: string): Promise<OneOffState | undefined>;
  stopTask(cluster: string, taskArn: string, reason: string): Promise<void>;
  /** Where a service's tasks run (DescribeServices); undefined when there is no such service. */
  servicePlacement(cluster: string, service: string): Promise<OneOffPlacement | undefined>;
  /** GetLogEvents from the token on (the start when absent); no lines while the stream does not exist yet. */
  readLog(group: string, stream: string, token?: string): Promise<{ lines: string[]; token?: string }>;
}
