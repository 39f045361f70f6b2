import type { CloudFormationPort } from "./cloudformation-port.js";

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
