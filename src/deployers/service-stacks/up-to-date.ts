import { TEMPLATE_FINGERPRINT } from "../../render/service-stack.js";
import type { Template } from "../../render/template.js";
import type { StackState } from "../infrastructure/cloudformation-port.js";

// A stack whose last operation succeeded. UPDATE_ROLLBACK_COMPLETE and the like are
// complete too, but what they hold is the template before a failed update: apply again.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html#cfn-console-view-stack-data-resources-status-codes
const SUCCEEDED = new Set(["CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE"]);

/** The fingerprint a rendered service template carries (an output), or undefined for a template without one. */
export function renderedFingerprint(template: Template): string | undefined {
  const value = template.Outputs[TEMPLATE_FINGERPRINT]?.Value;
  return typeof value === "string" ? value : undefined;
}

/**
 * Whether a service stack already holds this template with these parameters, from one
 * DescribeStacks: its TemplateFingerprint output and its parameters equal the rendered
 * ones, and its last operation succeeded. The fingerprint leaves out the listener weights
 * ECS moves on every release, so a release alone never makes a stack look changed.
 */
export function isUpToDate(
  live: StackState | undefined,
  template: Template,
  parameters: Record<string, string>,
): boolean {
  const fingerprint = renderedFingerprint(template);
  if (!live || !fingerprint || !SUCCEEDED.has(live.status)) return false;
  if (live.outputs?.[TEMPLATE_FINGERPRINT] !== fingerprint) return false;
  const deployed = live.parameters ?? {};
  const keys = new Set([...Object.keys(deployed), ...Object.keys(parameters)]);
  return [...keys].every((key) => deployed[key] === parameters[key]);
}
