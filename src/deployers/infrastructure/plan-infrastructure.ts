import { computeChangeSet } from "./apply-change-set.js";
import type { ChangeSetPlanningPort } from "./change-set-planning-port.js";
import {
  planningContext,
  type InfrastructureRequest,
  type PlanningContext,
  type PlanningOptions,
} from "./deploy-context.js";
import { deleteStack } from "./deploy-infrastructure.js";
import type { InfrastructureOutcome } from "./events.js";
import { latestEventId } from "./follow-stack.js";
import { keptAtApply, templateHash } from "./kept-change-set.js";
import { previewContinuedRollback, previewCreation } from "./preview.js";
import { walkStackStates } from "./stack-states.js";

/**
 * What deploying the stack would change, changing nothing that runs: the stack's status read
 * as deploy reads it (stack-plan.ts), then a change set created and deleted, or kept for
 * apply. Where deploy would first have to write (a stack to create without `keep`, one to
 * recreate, one whose rollback must be continued) the change is previewed from the template
 * (preview.ts). The port offers no operation that executes, deletes a stack with resources
 * or continues a rollback (docs/architecture.md, "Plan and apply").
 */
export async function planInfrastructure(
  port: ChangeSetPlanningPort,
  request: InfrastructureRequest,
  options: PlanningOptions,
): Promise<InfrastructureOutcome> {
  const context = planningContext(options);
  const { stackName } = request;
  return walkStackStates(port, stackName, context, {
    async create(stack) {
      // A CREATE change set would itself create the stack (in REVIEW_IN_PROGRESS): only a
      // kept plan makes one, replacing what an abandoned plan left.
      if (!context.keep && stack?.status !== "REVIEW_IN_PROGRESS") return previewCreation(request, context);
      if (stack?.status === "REVIEW_IN_PROGRESS" && context.keep) {
        const abandoned = { ...port, deleteStack: (name: string) => port.deleteAbandonedReview(name) };
        const failed = await deleteStack(abandoned, stackName, context);
        if (failed) return failed;
      }
      return planChangeSet(port, request, "CREATE", context);
    },
    update: () => planChangeSet(port, request, "UPDATE", context),
    async recreate(reason) {
      keptAtApply(request, "repair-first", context);
      return previewCreation(request, context, { reason });
    },
    async continueRollback() {
      keptAtApply(request, "repair-first", context);
      return previewContinuedRollback(port, request);
    },
  });
}

/** A change set computed, then kept for apply (`keep`) or deleted: never executed. */
async function planChangeSet(
  port: ChangeSetPlanningPort,
  request: InfrastructureRequest,
  type: "CREATE" | "UPDATE",
  context: PlanningContext,
): Promise<InfrastructureOutcome> {
  const computed = await computeChangeSet(port, request, type, context);
  if (computed.kind === "ended") {
    if (computed.outcome.result === "unchanged") keptAtApply(request, "unchanged", context);
    return computed.outcome;
  }
  if (context.keep) await keep(port, request, { ...computed, type }, context.keep);
  else await port.deleteChangeSet(request.stackName, computed.name);
  return { result: "planned", stackName: request.stackName, summary: computed.summary };
}

/** The change set left for apply, with the stack as it is now (the newest event: any later operation adds one). */
async function keep(
  port: ChangeSetPlanningPort,
  request: InfrastructureRequest,
  changeSet: { name: string; type: "CREATE" | "UPDATE"; id: string | undefined },
  kept: NonNullable<PlanningContext["keep"]>,
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
