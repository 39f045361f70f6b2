import { isChangeSetPending, isEmptyChangeSet, summarizeChanges } from "./change-summary.js";
import type { ChangeSetState, CloudFormationPort } from "./cloudformation-port.js";
import type { InfrastructureOutcome } from "./events.js";
import { followStack, latestEventId } from "./follow-stack.js";
import type { DeployContext, InfrastructureRequest } from "./deploy-context.js";
import { rootCause } from "./root-cause.js";
import { isSuccessfulEnd } from "./stack-plan.js";
import { keptAtApply, templateHash, type KeptChangeSet } from "./kept-change-set.js";

/**
 * Create → wait → describe → (confirm) → execute → follow. Change sets rather than
 * UpdateStack so the user sees what will change, and data loss is confirmed, before
 * anything is touched.
 */
export async function applyChangeSet(
  port: CloudFormationPort,
  request: InfrastructureRequest,
  type: "CREATE" | "UPDATE",
  context: DeployContext,
): Promise<InfrastructureOutcome> {
  const { stackName } = request;
  const changeSetName = `berth-${context.clock.now()}`;
  await port.createChangeSet({ ...request, changeSetName, type });
  const changeSet = await waitForChangeSet(port, stackName, changeSetName, context);

  if (isEmptyChangeSet(changeSet)) {
    await port.deleteChangeSet(stackName, changeSetName);
    if (!context.execute) keptAtApply(request, "unchanged", context);
    return { result: "unchanged", stackName };
  }
  if (changeSet.status !== "CREATE_COMPLETE") {
    await port.deleteChangeSet(stackName, changeSetName);
    const reason = changeSet.statusReason ?? `change set ended ${changeSet.status}`;
    return {
      result: "failed",
      stackName,
      status: changeSet.status,
      rootCause: { logicalId: stackName, resourceType: "AWS::CloudFormation::Stack", status: changeSet.status, reason },
    };
  }

  const summary = summarizeChanges(changeSet.changes);
  context.emit({ type: "change-set-ready", stackName, summary });
  if (!context.execute) {
    if (context.keep) await keep(port, request, { name: changeSetName, type, id: changeSet.id }, context.keep);
    else await port.deleteChangeSet(stackName, changeSetName);
    return { result: "planned", stackName, summary };
  }
  if (summary.risky.length > 0 && !(await context.confirm({ kind: "data-loss", stackName, summary }))) {
    await port.deleteChangeSet(stackName, changeSetName);
    return { result: "declined", stackName, summary };
  }

  const after = await latestEventId(port, stackName);
  await port.executeChangeSet(stackName, changeSetName);
  const followed = await followStack(port, stackName, after, { ...context, timeoutMs: context.operationTimeoutMs });
  if (isSuccessfulEnd(followed.status))
    return { result: type === "CREATE" ? "created" : "updated", stackName, summary };
  const cause = rootCause(followed.events);
  return { result: "failed", stackName, status: followed.status, summary, ...(cause ? { rootCause: cause } : {}) };
}

/** The change set left for apply, with the stack as it is now (the newest event: any later operation adds one). */
async function keep(
  port: CloudFormationPort,
  request: InfrastructureRequest,
  changeSet: { name: string; type: "CREATE" | "UPDATE"; id: string | undefined },
  kept: (k: KeptChangeSet) => void,
): Promise<void> {
  const stack = await port.describeStack(request.stackName);
  const lastEventId = stack ? await latestEventId(port, request.stackName) : undefined;
  kept({
    stackName: request.stackName,
    templateHash: templateHash(request.templateBody),
    parameters: request.parameters ?? {},
    changeSet: { name: changeSet.name, type: changeSet.type, ...(changeSet.id ? { id: changeSet.id } : {}) },
    ...(stack
      ? {
          stack: {
            stackId: stack.stackId,
            status: stack.status,
            ...(stack.lastUpdated ? { lastUpdated: stack.lastUpdated } : {}),
            ...(lastEventId ? { lastEventId } : {}),
          },
        }
      : {}),
  });
}

async function waitForChangeSet(
  port: CloudFormationPort,
  stackName: string,
  changeSetName: string,
  context: DeployContext,
): Promise<ChangeSetState> {
  // Change sets are computed in seconds: polling from a quarter second keeps the no-op path
  // (docs/architecture.md, "Budgets": an unchanged deploy takes a couple of seconds) quick, backing off to pollMs.
  let delay = Math.min(250, context.pollMs);
  const started = context.clock.now();
  for (;;) {
    const changeSet = await port.describeChangeSet(stackName, changeSetName);
    if (!isChangeSetPending(changeSet) || context.clock.now() - started >= context.operationTimeoutMs) return changeSet;
    await context.clock.sleep(delay);
    delay = Math.min(delay * 2, context.pollMs);
  }
}
