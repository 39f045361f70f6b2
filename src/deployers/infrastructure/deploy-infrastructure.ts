import { applyChangeSet } from "./apply-change-set.js";
import type { CloudFormationPort } from "./cloudformation-port.js";
import {
  deployContext,
  type DeployContext,
  type FollowingContext,
  type InfrastructureOptions,
  type InfrastructureRequest,
} from "./deploy-context.js";
import type { InfrastructureOutcome } from "./events.js";
import { followStack, latestEventId } from "./follow-stack.js";
import { resourcesToSkip, rootCause } from "./root-cause.js";
import { walkStackStates } from "./stack-states.js";

export { deployContext } from "./deploy-context.js";
export type { DeployContext, InfrastructureOptions, InfrastructureRequest } from "./deploy-context.js";

/** Brings a stack to the template: creates it, updates it, or first repairs a stuck stack. */
export async function deployInfrastructure(
  port: CloudFormationPort,
  request: InfrastructureRequest,
  options: InfrastructureOptions,
): Promise<InfrastructureOutcome> {
  const context = deployContext(options);
  const { stackName } = request;
  return walkStackStates(port, stackName, context, {
    async create(stack) {
      if (stack?.status === "REVIEW_IN_PROGRESS") {
        const failed = await deleteAbandonedReview(port, stackName, context);
        if (failed) return failed;
      }
      return applyChangeSet(port, request, "CREATE", context);
    },
    update: () => applyChangeSet(port, request, "UPDATE", context),
    recreate: (reason) => recreate(port, stackName, reason, context),
    continueRollback: () => continueRollback(port, stackName, context),
  });
}

/**
 * An empty stack an abandoned plan left in REVIEW_IN_PROGRESS goes, with its change sets, so
 * the new CREATE change set is the stack's only one — unless it is the one apply executes.
 */
async function deleteAbandonedReview(
  port: CloudFormationPort,
  stackName: string,
  context: DeployContext,
): Promise<InfrastructureOutcome | undefined> {
  if (context.awaitingApply?.has(stackName)) return undefined;
  return deleteStack(port, stackName, context);
}

/** Deletes a stack whose first creation failed, so that it can be created again. */
async function recreate(
  port: CloudFormationPort,
  stackName: string,
  reason: string,
  context: DeployContext,
): Promise<InfrastructureOutcome | undefined> {
  if (!(await context.confirm({ kind: "recreate", stackName, reason }))) return { result: "declined", stackName };
  context.emit({ type: "recreating-stack", stackName, reason });
  return deleteStack(port, stackName, context);
}

/** Deletes a stack and follows it to the end: undefined when it is gone, else why not. */
export async function deleteStack(
  port: Pick<CloudFormationPort, "deleteStack" | "describeStack" | "describeStackEvents">,
  stackName: string,
  context: Pick<FollowingContext, "clock" | "pollMs" | "operationTimeoutMs" | "emit">,
): Promise<InfrastructureOutcome | undefined> {
  const after = await latestEventId(port, stackName);
  await port.deleteStack(stackName);
  const followed = await followStack(port, stackName, after, { ...context, timeoutMs: context.operationTimeoutMs });
  if (followed.status === "DELETE_COMPLETE") return undefined;
  return failure(stackName, followed.status, followed.events);
}

/** Resumes a failed rollback, skipping only the resources AWS reports it could not roll back. */
async function continueRollback(
  port: CloudFormationPort,
  stackName: string,
  context: DeployContext,
): Promise<InfrastructureOutcome | undefined> {
  const skipped = resourcesToSkip(await port.listStackResources(stackName)).map((r) => ({
    ...r,
    reason: r.reason ?? "rollback failed",
  }));
  context.emit({ type: "continuing-rollback", stackName, skipped });
  const after = await latestEventId(port, stackName);
  await port.continueUpdateRollback(
    stackName,
    skipped.map((r) => r.logicalId),
  );
  const followed = await followStack(port, stackName, after, { ...context, timeoutMs: context.operationTimeoutMs });
  if (followed.status === "UPDATE_ROLLBACK_COMPLETE") return undefined;
  return failure(stackName, followed.status, followed.events);
}

function failure(stackName: string, status: string, events: Parameters<typeof rootCause>[0]): InfrastructureOutcome {
  const cause = rootCause(events);
  return { result: "failed", stackName, status, ...(cause ? { rootCause: cause } : {}) };
}
