import type { CloudFormationPort } from "../infrastructure/cloudformation-port.js";
import type { ListenerRulePort } from "../live-traffic.js";
import type { ServicesPort } from "../destroy-environment.js";
import type { PushedImages } from "../deploy-environment.js";
import type { ReleasePort } from "../release/release-port.js";
import type { TaskDefinitionContent } from "./task-definition-changes.js";

/**
 * CloudFormation as a plan may use it: reads, and creating (then keeping or deleting) change
 * sets — CloudFormation's objects for review. No operation that executes one, deletes a
 * stack with resources or continues a rollback is in reach (docs/architecture.md, "Plan and apply").
 */
export type ChangeSetPlanningPort = Omit<
  CloudFormationPort,
  "executeChangeSet" | "deleteStack" | "continueUpdateRollback"
> & {
  /**
   * Deletes a stack only while it is REVIEW_IN_PROGRESS: the empty stack (no resources) an
   * abandoned plan left, replaced by this plan's own; any other stack is refused.
   */
  deleteAbandonedReview(stackName: string): Promise<void>;
};

/** What serves: the ECS reads a plan makes to say what each release changes. */
export type ServingPort = Pick<ReleasePort, "describeService" | "listDeployments" | "revisionTaskDefinition"> & {
  /** ECS DescribeTaskDefinition; undefined when there is none of that ARN. */
  describeTaskDefinition(arn: string): Promise<TaskDefinitionContent | undefined>;
};

export interface PlanPorts {
  cloudFormation: ChangeSetPlanningPort;
  listenerRules: ListenerRulePort;
  /** The cluster's service names, to tell which services a deploy would remove. */
  services?: Pick<ServicesPort, "listServices">;
  serving?: ServingPort;
  identity(): Promise<{ account: string; partition: string; region: string }>;
  /**
   * For a plan kept for apply: builds and pushes what is missing and pins every image by
   * digest (images change nothing that runs). Absent, a plan builds nothing.
   */
  pushImages?(): Promise<PushedImages>;
}
