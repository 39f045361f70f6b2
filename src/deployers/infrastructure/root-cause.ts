import type { StackEvent, StackResourceState } from "./cloudformation-port.js";

export interface FailedResource {
  logicalId: string;
  resourceType: string;
  status: string;
  reason: string;
}

// CloudFormation marks every resource it stops after the first failure as
// "Resource creation cancelled" / "Resource update cancelled": consequences, not causes.
const CONSEQUENCE = /cancell?ed|the following resource\(s\) failed/i;

/** Events newer than `afterEventId`, oldest first (CloudFormation lists newest first). */
export function eventsAfter(newestFirst: StackEvent[], afterEventId: string | undefined): StackEvent[] {
  const cut = afterEventId === undefined ? -1 : newestFirst.findIndex((e) => e.eventId === afterEventId);
  const fresh = cut === -1 ? newestFirst : newestFirst.slice(0, cut);
  return [...fresh].reverse();
}

/**
 * Why an operation failed: the FIRST resource that failed, with its own reason. The last
 * events of a failed operation are rollback noise ("The following resource(s) failed to
 * create: [Db]"); the first failure says what was wrong.
 */
export function rootCause(oldestFirst: StackEvent[]): FailedResource | undefined {
  const failures = oldestFirst.filter((e) => e.status.endsWith("_FAILED"));
  const resourceFailures = failures.filter((e) => e.resourceType !== "AWS::CloudFormation::Stack");
  const cause = resourceFailures.find((e) => !CONSEQUENCE.test(e.reason ?? "")) ?? resourceFailures[0] ?? failures[0];
  if (!cause) return undefined;
  return {
    logicalId: cause.logicalId,
    resourceType: cause.resourceType,
    status: cause.status,
    reason: cause.reason ?? "no reason given",
  };
}

/**
 * What ContinueUpdateRollback may skip: only resources in UPDATE_FAILED because their
 * rollback failed, not those whose update was cancelled. ContinueUpdateRollback,
 * ResourcesToSkip: "You can specify only resources that are in the UPDATE_FAILED state
 * because a rollback failed. You can't specify resources that are in the UPDATE_FAILED
 * state for other reasons, for example, because an update was cancelled."
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ContinueUpdateRollback.html
 */
export function resourcesToSkip(resources: StackResourceState[]): StackResourceState[] {
  return resources.filter((r) => r.status === "UPDATE_FAILED" && !CONSEQUENCE.test(r.reason ?? ""));
}
