import type { Manifest } from "../manifest/types.js";
import { dashboardStackName } from "../manifest/names.js";
import { withDerivedOutputs } from "../render/resolve-placeholders.js";
import type { Template } from "../render/template.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import { deleteStack, deployContext, type InfrastructureOptions } from "./infrastructure/deploy-infrastructure.js";
import type { InfrastructureOutcome } from "./infrastructure/events.js";
import { parametersOf, type StackStep } from "./stack-step.js";
import { isUpToDate } from "./service-stacks/up-to-date.js";

/** The tags of the dashboard's stack: whose environment it graphs. */
export function dashboardStackTags(app: string, environment: string): Record<string, string> {
  return { "berth:app": app, "berth:environment": environment, "berth:dashboard": "true" };
}

/**
 * The environment's dashboard brought to the manifest, after the service stacks: its
 * parameters are their outputs (target groups) and the environment stack's
 * (docs/architecture.md, "The dashboard"). Like a service stack, one DescribeStacks decides
 * whether it is up to date (fingerprint and parameters); a service added or removed changes
 * the body, so the stack updates.
 */
export async function deployDashboardStack(
  m: Manifest,
  template: Template,
  outputs: Record<string, string>,
  port: Pick<CloudFormationPort, "describeStack">,
  step: StackStep,
): Promise<InfrastructureOutcome> {
  const stackName = dashboardStackName(m.app, m.environment);
  const live = await port.describeStack(stackName);
  // A plan of services not created yet cannot know their target groups: apply creates its change set.
  const { parameters, parametersKnown } = parametersOf(template, withDerivedOutputs(outputs));
  if (isUpToDate(live, template, parameters)) return { result: "unchanged", stackName };
  const tags = dashboardStackTags(m.app, m.environment);
  return step({ stackName, template, tags, parameters, exists: live !== undefined, parametersKnown });
}

/** `berth destroy`: the dashboard's stack goes with the environment; one that does not exist is no failure. */
export async function deleteDashboardStack(
  m: Manifest,
  port: CloudFormationPort,
  options: InfrastructureOptions,
): Promise<InfrastructureOutcome | undefined> {
  const stackName = dashboardStackName(m.app, m.environment);
  if (!(await port.describeStack(stackName))) return undefined;
  return deleteStack(port, stackName, deployContext(options));
}
