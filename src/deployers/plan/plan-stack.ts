import { summarizeChanges } from "../infrastructure/change-summary.js";
import type { ChangeSetPlanningPort } from "../infrastructure/change-set-planning-port.js";
import type { PlanningOptions } from "../infrastructure/deploy-context.js";
import type { InfrastructureOutcome } from "../infrastructure/events.js";
import { keptAtApply } from "../infrastructure/kept-change-set.js";
import { planInfrastructure } from "../infrastructure/plan-infrastructure.js";
import type { Template } from "../../render/template.js";
import { stackRequest, type StackStep, type StackToApply } from "../stack-step.js";

/** What bringing a stack to its template would change: a change set made and never executed. */
export async function planStack(
  port: ChangeSetPlanningPort,
  stack: StackToApply,
  options: PlanningOptions,
): Promise<InfrastructureOutcome> {
  const { stackName, template } = stack;
  const request = stackRequest(stack);
  // A stack that does not exist yet is shown as its whole template: a CREATE change set would
  // leave an empty stack behind (REVIEW_IN_PROGRESS) for a plan not kept, and a kept plan
  // cannot make one before the parameters it reads exist.
  const preview = !options.keep || stack.parametersKnown === false;
  if (preview && !(stack.exists ?? (await port.describeStack(stackName)) !== undefined)) {
    keptAtApply(request, "parameters-unknown", options);
    return plannedCreation(stackName, template, options);
  }
  // An existing stack reading outputs of a stack this plan creates (the dashboard, of a new
  // service's target groups): a change set made now would carry blanks apply cannot match.
  if (options.keep && stack.parametersKnown === false) {
    keptAtApply(request, "parameters-unknown", options);
    return { result: "planned", stackName, summary: summarizeChanges([]) };
  }
  return planInfrastructure(port, request, options);
}

/** Plan's step (stack-step.ts): over a port that cannot execute a change set. */
export function planningStacks(port: ChangeSetPlanningPort, options: PlanningOptions): StackStep {
  return (stack) => planStack(port, stack, options);
}

function plannedCreation(stackName: string, template: Template, options: PlanningOptions): InfrastructureOutcome {
  const changes = Object.entries(template.Resources).map(([logicalId, resource]) => ({
    action: "Add" as const,
    logicalId,
    resourceType: (resource as { Type: string }).Type,
  }));
  const summary = summarizeChanges(changes);
  options.emit?.({ type: "change-set-ready", stackName, summary });
  return { result: "planned", stackName, summary };
}
