import type { CreateServiceRequest, DeploymentConfiguration, RegisterTaskDefinitionRequest } from "@aws-sdk/client-ecs";
import type { ServiceScaling } from "../../render/scaling.js";

/** A service deployment as the release path needs to see it (ECS DescribeServiceDeployments). */
export interface DeploymentState {
  arn: string;
  status: string;
  statusReason?: string;
  stage?: string;
  rollbackReason?: string;
  hooks: { hookId: string; status: string }[];
}

export interface TargetHealth {
  healthy: number;
  unhealthy: number;
  /** Why unhealthy targets are unhealthy, as ELBv2 says it (Target.FailedHealthChecks, …). */
  reasons: string[];
}

/** The few ECS, ELBv2 and Application Auto Scaling operations a release needs. */
export interface ReleasePort {
  /** The service's task definition and the fingerprint berth tagged it with; undefined when the service does not exist. */
  currentRevision(cluster: string, service: string): Promise<{ taskDefinition: string; fingerprint?: string } | undefined>;
  registerTaskDefinition(definition: RegisterTaskDefinitionRequest, fingerprint: string): Promise<string>;
  createService(definition: CreateServiceRequest): Promise<void>;
  updateService(input: { cluster: string; service: string; taskDefinition: string; deploymentConfiguration?: DeploymentConfiguration; desiredCount?: number }): Promise<void>;
  latestDeployment(cluster: string, service: string): Promise<DeploymentState | undefined>;
  continueDeployment(deploymentArn: string, hookId: string, action: "CONTINUE" | "ROLLBACK"): Promise<void>;
  targetHealth(targetGroupArn: string): Promise<TargetHealth>;
  applyScaling(scaling: ServiceScaling): Promise<void>;
}
