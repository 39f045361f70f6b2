import type { CloudFormationPort } from "../infrastructure/cloudformation-port.js";
import type { RuleWeightsByArn } from "../live-traffic.js";
import type { ScheduledRun } from "./schedule-status.js";

/** A service's task counts, as ECS DescribeServices reports them. */
export interface ServiceCounts {
  desired: number;
  running: number;
  pending: number;
  /** When ECS created it (ms): deployments older than that belong to a deleted service of the same name. */
  createdAt?: number;
}

/** A service deployment as `berth status` shows it (ECS DescribeServiceDeployments). */
export interface ObservedDeployment {
  arn: string;
  status: string;
  stage?: string;
  /** ms; for a deployment in a stage, when it entered it (updatedAt). */
  createdAt?: number;
  updatedAt?: number;
  targetRevision?: string;
  bakeTimeMinutes?: number;
  rollbackReason?: string;
  statusReason?: string;
}

/** The reads `berth status` makes; nothing here changes anything. */
export interface StatusPort extends Pick<CloudFormationPort, "describeStack"> {
  /** The ACTIVE services among these names. */
  services(cluster: string, names: string[]): Promise<Record<string, ServiceCounts>>;
  /** The newest deployment of the service in one of these statuses, created after `createdAfter` (ms). */
  newestDeployment(
    cluster: string,
    service: string,
    statuses: string[],
    createdAfter?: number,
  ): Promise<string | undefined>;
  describeDeployments(arns: string[]): Promise<ObservedDeployment[]>;
  /** The task definition ARN of a service revision, and its containers' images. */
  revision(revisionArn: string): Promise<{ taskDefinition: string; images: Record<string, string> } | undefined>;
  ruleWeights(ruleArns: string[]): Promise<RuleWeightsByArn>;
  /** CloudWatch alarm states; alarms that do not exist are left out. */
  alarms(names: string[]): Promise<{ name: string; state: string }[]>;
  /** The tasks of a task definition family ECS still lists (running, and stopped within about an hour) whose group starts so. */
  scheduledRuns(cluster: string, family: string, groupPrefix: string): Promise<ScheduledRun[]>;
}
