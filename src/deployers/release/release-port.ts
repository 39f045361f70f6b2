import type { CreateServiceRequest, RegisterTaskDefinitionRequest, UpdateServiceRequest } from "@aws-sdk/client-ecs";
import type { ServiceScaling } from "../../render/scaling.js";

/** A service deployment as the release path needs to see it (ECS DescribeServiceDeployments). */
export interface DeploymentState {
  arn: string;
  status: string;
  statusReason?: string;
  stage?: string;
  rollbackReason?: string;
  /** The service revision the deployment moves to. */
  targetRevision?: string;
  hooks: { hookId: string; status: string; expiresAt?: number }[];
  /** The new revision's tasks: running of requested (ServiceRevisionSummary). */
  tasks?: { running: number; desired: number };
  /** The share of production traffic the new revision gets, 0–100 (requestedProductionTrafficWeight). */
  productionWeight?: number;
}

/** A deployment as ListServiceDeployments names it: enough to tell one from another. */
export interface DeploymentBrief {
  arn: string;
  status: string;
  createdAt: number;
  targetRevision?: string;
}

export interface TargetHealth {
  healthy: number;
  unhealthy: number;
  /** Why unhealthy targets are unhealthy, as ELBv2 says it (Target.FailedHealthChecks, …). */
  reasons: string[];
}

/** The service as ECS has it, and what it serves; undefined when there is none (or it is INACTIVE). */
export interface LiveService {
  status: string;
  desiredCount: number;
  /** When ECS created it (ms): deployments older than that belong to a service of the same name that was deleted. */
  createdAt?: number;
  /** The target groups its load balancer configuration names (production and alternate). */
  targetGroups?: string[];
}

/** What UpdateService sends: everything of the service definition it accepts (UpdateServiceRequest). */
export type ServiceUpdate = UpdateServiceRequest & { cluster: string; service: string; taskDefinition: string };

/** The few ECS, ELBv2 and Application Auto Scaling operations a release needs. */
export interface ReleasePort {
  describeService(cluster: string, service: string): Promise<LiveService | undefined>;
  /** The deployments of a service, newest first; `statuses` filters, `createdAfter` (ms) bounds. */
  listDeployments(
    cluster: string,
    service: string,
    filter?: { statuses?: string[]; createdAfter?: number; limit?: number },
  ): Promise<DeploymentBrief[]>;
  describeDeployment(arn: string): Promise<DeploymentState | undefined>;
  /** The task definition of a service revision, and the fingerprint berth tagged it with. */
  revisionTaskDefinition(revisionArn: string): Promise<{ taskDefinition: string; fingerprint?: string } | undefined>;
  registerTaskDefinition(definition: RegisterTaskDefinitionRequest, fingerprint: string): Promise<string>;
  createService(definition: CreateServiceRequest): Promise<void>;
  updateService(update: ServiceUpdate): Promise<void>;
  /** false when the hook was no longer awaiting an answer (someone else answered it, or it timed out). */
  continueDeployment(deploymentArn: string, hookId: string, action: "CONTINUE" | "ROLLBACK"): Promise<boolean>;
  /** StopServiceDeployment with stopType ROLLBACK; false when the deployment had already finished. */
  stopDeployment(deploymentArn: string): Promise<boolean>;
  targetHealth(targetGroupArn: string): Promise<TargetHealth>;
  applyScaling(scaling: ServiceScaling): Promise<void>;
}

/** Statuses of a deployment that has not finished (ServiceDeployment.status). */
export const IN_FLIGHT_STATUSES = [
  "PENDING",
  "IN_PROGRESS",
  "ROLLBACK_REQUESTED",
  "ROLLBACK_IN_PROGRESS",
  "STOP_REQUESTED",
];
