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
import { planForStackStatus } from "./stack-plan.js";

export { deployContext } from "./deploy-context.js";
export type { DeployContext, InfrastructureOptions, InfrastructureRequest } from "./deploy-context.js";

// wait → repair → wait → apply is the longest legitimate path through the stuck states.
export const MAX_STEPS = 5;

/** Brings a stack to the template: creates it, updates it, or first repairs a stuck stack. */
export async function deployInfrastructure(
  port: CloudFormationPort,
  request: InfrastructureRequest,
  options: InfrastructureOptions,
): Promise<InfrastructureOutcome> {
  const context = deployContext(options);
  const { stackName } = request;
  let status = "unknown";
  for (let step = 0; step < MAX_STEPS; step++) {
    const stack = await port.describeStack(stackName);
    status = stack?.status ?? "none";
    const plan = planForStackStatus(stack?.status);
    switch (plan.kind) {
      case "create":
        if (stack?.status === "REVIEW_IN_PROGRESS") {
          const failed = await deleteAbandonedReview(port, stackName, context);
          if (failed) return failed;
        }
        return applyChangeSet(port, request, "CREATE", context);
      case "update":
        return applyChangeSet(port, request, "UPDATE", context);
      case "stop":
        return { result: "stopped", stackName, status, reason: plan.reason, hint: plan.hint };
      case "wait": {
        const busy = await waitForOthers(port, stackName, status, context);
        if (busy) return busy;
        break;
      }
      case "recreate": {
        const failed = await recreate(port, stackName, plan.reason, context);
        if (failed) return failed;
        break;
      }
      case "continue-rollback": {
        const failed = await continueRollback(port, stackName, context);
        if (failed) return failed;
        break;
      }
    }
  }
  return keptChanging(stackName, status);
}

/** Too many steps through the stuck states: someone else keeps operating on the stack. */
export function keptChanging(stackName: string, status: string): InfrastructureOutcome {
  return {
    result: "stopped",
    stackName,
    status,
    reason: "the stack kept changing state while berth tried to repair it",
    hint: "wait for other deploys to this environment to finish, then run berth again",
  };
}

/** Another operation runs on the stack: followed to its end; "busy" when it outlasts busyTimeoutMs. */
export async function waitForOthers(
  port: Pick<CloudFormationPort, "describeStack" | "describeStackEvents">,
  stackName: string,
  status: string,
  context: FollowingContext,
): Promise<InfrastructureOutcome | undefined> {
  context.emit({ type: "waiting-for-stack", stackName, status });
  const started = context.clock.now();
  const followed = await followStack(port, stackName, await latestEventId(port, stackName), {
    ...context,
    timeoutMs: context.busyTimeoutMs,
  });
  if (!followed.timedOut) return undefined;
  return { result: "busy", stackName, status: followed.status, waitedMs: context.clock.now() - started };
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
