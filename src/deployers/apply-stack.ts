import { toYaml } from "../render/template-yaml.js";
import type { Template } from "../render/template.js";
import { summarizeChanges } from "./infrastructure/change-summary.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import { deployInfrastructure, type InfrastructureOptions } from "./infrastructure/deploy-infrastructure.js";
import { keptAtApply } from "./infrastructure/kept-change-set.js";
import type { InfrastructureOutcome } from "./infrastructure/events.js";
import { hasRetainedNames } from "./retained-names.js";

export interface StackToApply {
  stackName: string;
  template: Template;
  tags: Record<string, string>;
  parameters?: Record<string, string>;
  /** Whether the stack exists, when the caller has just read it (saves a DescribeStacks for diff). */
  exists?: boolean;
  /** false when the parameters are outputs of a stack not created yet: a plan can only preview it. */
  parametersKnown?: boolean;
}

/** A stack brought to its template by a change set; for `berth diff`, what that would change. */
export async function applyStack(
  port: CloudFormationPort,
  stack: StackToApply,
  options: InfrastructureOptions,
): Promise<InfrastructureOutcome> {
  const { stackName, template } = stack;
  // A diff of a stack that does not exist yet is its whole template; a CREATE change set
  // would leave an empty stack behind (REVIEW_IN_PROGRESS) for a command that changes nothing.
  const request = {
    stackName,
    templateBody: toYaml(template),
    tags: stack.tags,
    ...(stack.parameters ? { parameters: stack.parameters } : {}),
    ...(hasRetainedNames(template) ? { importExistingResources: true } : {}),
  };
  // A plan kept for apply creates a CREATE change set, unless its parameters are not known yet.
  const preview = !options.keep || stack.parametersKnown === false;
  if (options.execute === false && preview && !(stack.exists ?? (await port.describeStack(stackName)) !== undefined)) {
    keptAtApply(request, "parameters-unknown", options);
    return plannedCreation(stackName, template, options);
  }
  // An existing stack reading outputs of a stack this plan creates (the dashboard, of a new
  // service's target groups): a change set made now would carry blanks apply cannot match.
  if (options.execute === false && options.keep && stack.parametersKnown === false) {
    keptAtApply(request, "parameters-unknown", options);
    return { result: "planned", stackName, summary: summarizeChanges([]) };
  }
  return deployInfrastructure(port, request, options);
}

function plannedCreation(stackName: string, template: Template, options: InfrastructureOptions): InfrastructureOutcome {
  const changes = Object.entries(template.Resources).map(([logicalId, resource]) => ({
    action: "Add" as const,
    logicalId,
    resourceType: (resource as { Type: string }).Type,
  }));
  const summary = summarizeChanges(changes);
  options.emit?.({ type: "change-set-ready", stackName, summary });
  return { result: "planned", stackName, summary };
}
