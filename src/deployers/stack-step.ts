import { toYaml } from "../render/template-yaml.js";
import type { Template } from "../render/template.js";
import type { InfrastructureRequest } from "./infrastructure/deploy-context.js";
import type { InfrastructureOutcome } from "./infrastructure/events.js";
import { hasRetainedNames } from "./retained-names.js";

// How the stacks of an environment are brought to their templates, shared by the deploy and
// the plan: the order and the inputs (environment-stack.ts, service-stacks/, dashboard-stack.ts)
// are the same; what happens to each stack is the step they are given.

export interface StackToApply {
  stackName: string;
  template: Template;
  tags: Record<string, string>;
  parameters?: Record<string, string>;
  /** Whether the stack exists, when the caller has just read it (saves a DescribeStacks for a plan). */
  exists?: boolean;
  /** false when the parameters are outputs of a stack not created yet: a plan can only preview it. */
  parametersKnown?: boolean;
}

/**
 * One stack brought to its template. Deploy's step (apply-stack.ts) executes a change set;
 * plan's (plan/plan-stack.ts) is built over a port that cannot, so a plan changes nothing
 * that runs by its type, not by a flag (docs/architecture.md, "Plan and apply").
 */
export type StackStep = (stack: StackToApply) => Promise<InfrastructureOutcome>;

export function stackRequest(stack: StackToApply): InfrastructureRequest {
  return {
    stackName: stack.stackName,
    templateBody: toYaml(stack.template),
    tags: stack.tags,
    ...(stack.parameters ? { parameters: stack.parameters } : {}),
    ...(hasRetainedNames(stack.template) ? { importExistingResources: true } : {}),
  };
}

/**
 * A stack's parameters from the outputs of the stacks it reads, and whether they are all
 * there: they are not only in a plan of a stack this plan creates (its change set waits for apply).
 */
export function parametersOf(
  template: Template,
  outputs: Record<string, string>,
): { parameters: Record<string, string>; parametersKnown: boolean } {
  const names = Object.keys(template.Parameters ?? {});
  return {
    parameters: Object.fromEntries(names.map((name) => [name, outputs[name] ?? ""])),
    parametersKnown: names.every((name) => name in outputs),
  };
}
