import { isChangeSetPending, isEmptyChangeSet, summarizeChanges, type ChangeSummary } from "./change-summary.js";
import type { ChangeSetState, CloudFormationPort } from "./cloudformation-port.js";
import type { InfrastructureOutcome } from "./events.js";
import { followStack, latestEventId } from "./follow-stack.js";
import type { DeployContext, FollowingContext, InfrastructureRequest } from "./deploy-context.js";
import { rootCause } from "./root-cause.js";
import { isSuccessfulEnd } from "./stack-plan.js";

/** A change set created and computed: what it changes, or why there is nothing to execute. */
export type ComputedChangeSet =
  | { kind: "ready"; name: string; id: string | undefined; summary: ChangeSummary }
  | { kind: "ended"; outcome: InfrastructureOutcome };

/**
 * Create → wait → describe: what deploy and plan share. An empty change set, or one that
 * failed, is deleted here; a ready one is announced (change-set-ready) and left to the caller.
 */
export async function computeChangeSet(
  port: Pick<CloudFormationPort, "createChangeSet" | "describeChangeSet" | "deleteChangeSet">,
  request: InfrastructureRequest,
  type: "CREATE" | "UPDATE",
  context: FollowingContext,
): Promise<ComputedChangeSet> {
  const { stackName } = request;
  const changeSetName = `berth-${context.clock.now()}`;
  await port.createChangeSet({ ...request, changeSetName, type });
  const changeSet = await waitForChangeSet(port, stackName, changeSetName, context);

  if (isEmptyChangeSet(changeSet)) {
    await port.deleteChangeSet(stackName, changeSetName);
    return { kind: "ended", outcome: { result: "unchanged", stackName } };
  }
  if (changeSet.status !== "CREATE_COMPLETE") {
    await port.deleteChangeSet(stackName, changeSetName);
    const reason = changeSet.statusReason ?? `change set ended ${changeSet.status}`;
    const status = changeSet.status;
    const cause = { logicalId: stackName, resourceType: "AWS::CloudFormation::Stack", status, reason };
    return { kind: "ended", outcome: { result: "failed", stackName, status, rootCause: cause } };
  }
  const summary = summarizeChanges(changeSet.changes);
  context.emit({ type: "change-set-ready", stackName, summary });
  return { kind: "ready", name: changeSetName, id: changeSet.id, summary };
}

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
  const computed = await computeChangeSet(port, request, type, context);
  if (computed.kind === "ended") return computed.outcome;
  const { name, summary } = computed;
  if (summary.risky.length > 0 && !(await context.confirm({ kind: "data-loss", stackName, summary }))) {
    await port.deleteChangeSet(stackName, name);
    return { result: "declined", stackName, summary };
  }

  const after = await latestEventId(port, stackName);
  await port.executeChangeSet(stackName, name);
  const followed = await followStack(port, stackName, after, { ...context, timeoutMs: context.operationTimeoutMs });
  if (isSuccessfulEnd(followed.status))
    return { result: type === "CREATE" ? "created" : "updated", stackName, summary };
  const cause = rootCause(followed.events);
  return { result: "failed", stackName, status: followed.status, summary, ...(cause ? { rootCause: cause } : {}) };
}

async function waitForChangeSet(
  port: Pick<CloudFormationPort, "describeChangeSet">,
  stackName: string,
  changeSetName: string,
  context: FollowingContext,
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
