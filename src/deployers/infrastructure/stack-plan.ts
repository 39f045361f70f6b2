/**
 * What to do with a stack, decided from its status alone. Stack statuses:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html#cfn-console-view-stack-data-resources-status-codes
 */
export type StackPlan =
  /** No stack yet, or one a CREATE change set made and nobody executed (REVIEW_IN_PROGRESS). */
  | { kind: "create" }
  | { kind: "update" }
  /** The first create failed and rolled back: such a stack can only be deleted, then created again. */
  | { kind: "recreate"; reason: string }
  /** An update failed and so did its rollback: ContinueUpdateRollback brings it back to a stable state. */
  | { kind: "continue-rollback" }
  /** Another operation is running; updates are refused until it ends. */
  | { kind: "wait"; status: string }
  /** Nothing berth may safely do on its own. */
  | { kind: "stop"; reason: string; hint: string };

const UPDATABLE = new Set([
  "CREATE_COMPLETE",
  "UPDATE_COMPLETE",
  "UPDATE_ROLLBACK_COMPLETE",
  "IMPORT_COMPLETE",
  "IMPORT_ROLLBACK_COMPLETE",
  "UPDATE_FAILED",
]);

export function planForStackStatus(status: string | undefined): StackPlan {
  if (status === undefined || status === "DELETE_COMPLETE" || status === "REVIEW_IN_PROGRESS")
    return { kind: "create" };
  if (UPDATABLE.has(status)) return { kind: "update" };
  if (status === "ROLLBACK_COMPLETE") {
    return {
      kind: "recreate",
      reason:
        "the stack's first creation failed and was rolled back (ROLLBACK_COMPLETE); CloudFormation allows only deleting it",
    };
  }
  if (status === "UPDATE_ROLLBACK_FAILED") return { kind: "continue-rollback" };
  if (status.endsWith("_IN_PROGRESS")) return { kind: "wait", status };
  return {
    kind: "stop",
    reason: `the stack is in ${status}, which berth does not repair by itself`,
    hint: "look at the stack's events in the CloudFormation console, fix the failing resource, then run berth again",
  };
}

/** A status that ends an operation: no `_IN_PROGRESS` suffix (REVIEW_IN_PROGRESS waits for us, not for AWS). */
export function isSettled(status: string): boolean {
  return status === "REVIEW_IN_PROGRESS" || !status.endsWith("_IN_PROGRESS");
}

export function isSuccessfulEnd(status: string): boolean {
  return status === "CREATE_COMPLETE" || status === "UPDATE_COMPLETE";
}
