import { systemClock, type Clock } from "../../time/clock.js";
import { applyChangeSet } from "./apply-change-set.js";
import type { CloudFormationPort } from "./cloudformation-port.js";
import type { Confirmation, InfrastructureEvent, InfrastructureOutcome } from "./events.js";
import { followStack, latestEventId } from "./follow-stack.js";
import { resourcesToSkip, rootCause } from "./root-cause.js";
import { previewContinuedRollback, previewCreation } from "./preview.js";
import { planForStackStatus } from "./stack-plan.js";
import { keptAtApply, type KeptChangeSet } from "./kept-change-set.js";

export interface InfrastructureRequest {
  stackName: string;
  templateBody: string;
  parameters?: Record<string, string>;
  tags?: Record<string, string>;
  /**
   * A stack being created takes over what an earlier stack of its name left behind, retained
   * under a fixed name (a production service's log group): CloudFormation imports it instead
   * of failing on a name that exists (src/deployers/retained-names.ts).
   */
  importExistingResources?: boolean;
}

export interface InfrastructureOptions {
  /** Asked before data loss or a stack recreation; the caller prompts, honours --yes, or refuses in CI. */
  confirm: (question: Confirmation) => Promise<boolean>;
  emit?: (event: InfrastructureEvent) => void;
  clock?: Clock;
  /** How often the stack is polled while it works (default 3 s). */
  pollMs?: number;
  /** How long to wait for someone else's operation to end before giving up (default 15 min). */
  busyTimeoutMs?: number;
  /** How long one of our operations may take (default 2 h: an Aurora cluster takes a while). */
  operationTimeoutMs?: number;
  /**
   * false for `berth diff`: only read. Change sets are computed and deleted unexecuted; a
   * missing stack is summarized from the template, and a stuck stack's repair is reported.
   */
  execute?: boolean;
  /**
   * With execute false, for `berth plan --out`: each change set is kept for `berth apply`
   * (and told here) rather than deleted, and a stack that does not exist gets a CREATE change
   * set, which leaves it in REVIEW_IN_PROGRESS until apply (or the next deploy) executes one.
   */
  keep?: (kept: KeptChangeSet) => void;
  /**
   * `berth apply`: the stacks its plan left in REVIEW_IN_PROGRESS, whose CREATE change set it
   * executes. Any other REVIEW_IN_PROGRESS stack an abandoned plan left (no resources) is
   * deleted, with its change sets, before a deploy or a kept plan creates it.
   */
  awaitingApply?: ReadonlySet<string>;
}

export type DeployContext = Required<Omit<InfrastructureOptions, "emit" | "keep" | "awaitingApply">> & {
  emit: (event: InfrastructureEvent) => void;
  keep?: (kept: KeptChangeSet) => void;
  awaitingApply?: ReadonlySet<string>;
};

/** The options with their defaults: the one place they are set. */
export function deployContext(options: InfrastructureOptions): DeployContext {
  return {
    confirm: options.confirm,
    emit: options.emit ?? (() => {}),
    clock: options.clock ?? systemClock,
    pollMs: options.pollMs ?? 3_000,
    busyTimeoutMs: options.busyTimeoutMs ?? 15 * 60_000,
    operationTimeoutMs: options.operationTimeoutMs ?? 2 * 60 * 60_000,
    execute: options.execute ?? true,
    ...(options.keep && options.execute === false ? { keep: options.keep } : {}),
    ...(options.awaitingApply ? { awaitingApply: options.awaitingApply } : {}),
  };
}

// wait → repair → wait → apply is the longest legitimate path through the stuck states.
const MAX_STEPS = 5;

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
        // A CREATE change set would itself create the stack (in REVIEW_IN_PROGRESS).
        if (!context.execute && !context.keep && stack?.status !== "REVIEW_IN_PROGRESS")
          return previewCreation(request, context);
        if (stack?.status === "REVIEW_IN_PROGRESS" && (context.execute || context.keep)) {
          const failed = await deleteAbandonedReview(port, stackName, context);
          if (failed) return failed;
        }
        return applyChangeSet(port, request, "CREATE", context);
      case "update":
        return applyChangeSet(port, request, "UPDATE", context);
      case "stop":
        return { result: "stopped", stackName, status, reason: plan.reason, hint: plan.hint };
      case "wait": {
        context.emit({ type: "waiting-for-stack", stackName, status });
        const started = context.clock.now();
        const followed = await followStack(port, stackName, await latestEventId(port, stackName), {
          ...context,
          timeoutMs: context.busyTimeoutMs,
        });
        if (followed.timedOut)
          return { result: "busy", stackName, status: followed.status, waitedMs: context.clock.now() - started };
        break;
      }
      case "recreate": {
        if (!context.execute) {
          keptAtApply(request, "repair-first", context);
          return previewCreation(request, context, { reason: plan.reason });
        }
        const failed = await recreate(port, stackName, plan.reason, context);
        if (failed) return failed;
        break;
      }
      case "continue-rollback": {
        if (!context.execute) {
          keptAtApply(request, "repair-first", context);
          return previewContinuedRollback(port, request);
        }
        const failed = await continueRollback(port, stackName, context);
        if (failed) return failed;
        break;
      }
    }
  }
  return {
    result: "stopped",
    stackName,
    status,
    reason: "the stack kept changing state while berth tried to repair it",
    hint: "wait for other deploys to this environment to finish, then run berth again",
  };
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
  port: CloudFormationPort,
  stackName: string,
  context: Pick<DeployContext, "clock" | "pollMs" | "operationTimeoutMs" | "emit">,
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
