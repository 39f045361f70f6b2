import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import { deployInfrastructure, type InfrastructureOptions } from "./infrastructure/deploy-infrastructure.js";
import type { InfrastructureOutcome } from "./infrastructure/events.js";
import { stackRequest, type StackStep, type StackToApply } from "./stack-step.js";

export type { StackToApply } from "./stack-step.js";

/** A stack brought to its template by a change set, executed (after confirming data loss). */
export async function applyStack(
  port: CloudFormationPort,
  stack: StackToApply,
  options: InfrastructureOptions,
): Promise<InfrastructureOutcome> {
  // Only a plan meets a stack whose inputs are not there yet; a deploy creates them first.
  if (stack.parametersKnown === false)
    throw new Error(`${stack.stackName} reads an output of a stack that has none of that name: a bug in berth`);
  return deployInfrastructure(port, stackRequest(stack), options);
}

/**
 * Deploy's step (stack-step.ts). Stacks change side by side, but a person answers one
 * question at a time: the next waits for the answer.
 */
export function applyingStacks(port: CloudFormationPort, options: InfrastructureOptions): StackStep {
  const asking = { ...options, confirm: oneQuestionAtATime(options.confirm) };
  return (stack) => applyStack(port, stack, asking);
}

function oneQuestionAtATime(confirm: InfrastructureOptions["confirm"]): InfrastructureOptions["confirm"] {
  let previous: Promise<unknown> = Promise.resolve();
  return (question) => {
    const answer = previous.then(() => confirm(question));
    previous = answer.catch(() => undefined);
    return answer;
  };
}
