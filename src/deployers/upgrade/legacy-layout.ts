import type { Template } from "../../render/template.js";

/**
 * The services whose wiring the deployed environment stack still holds: berth 0.1.0 put
 * every service's resources in the environment stack, under the logical ids the service
 * stacks now use (`WebTaskRole`, `WebTargetGroupA`, …). docs/architecture.md, "Upgrading
 * from the single-stack layout".
 */
export function servicesInEnvironmentStack(
  deployed: Template | undefined,
  services: Record<string, Template>,
): string[] {
  if (!deployed) return [];
  return Object.keys(services)
    .filter((s) => Object.keys(services[s]!.Resources).some((id) => id in deployed.Resources))
    .sort();
}

/** The resource that marks the environment stack as mid-upgrade. */
export const TRANSITION_MARKER = "BerthLayoutUpgrade";

/**
 * The environment stack while both layouts coexist: the new template, plus every resource
 * and output of the deployed one that the new template lacks, copied verbatim. An unchanged
 * resource is not updated, so the legacy listener rules keep the weights ECS set, and the
 * legacy services keep their security groups, roles and target groups until the second
 * update (the new template alone) deletes them.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html
 */
export function transitionTemplate(next: Template, deployed: Template): Template {
  // A change of outputs alone is no change to CloudFormation (its change set is empty): this
  // placeholder makes the update run, and the second update deletes it with the old wiring.
  const Resources: Template["Resources"] = {
    ...next.Resources,
    [TRANSITION_MARKER]: { Type: "AWS::CloudFormation::WaitConditionHandle" },
  };
  for (const [id, resource] of Object.entries(deployed.Resources)) if (!(id in Resources)) Resources[id] = resource;
  const Outputs = { ...next.Outputs };
  for (const [id, output] of Object.entries(deployed.Outputs ?? {})) if (!(id in Outputs)) Outputs[id] = output;
  return { ...next, Resources, Outputs };
}

/** The logical ids the second update deletes: what the deployed environment stack holds and the new template does not. */
export function legacyResources(next: Template, deployed: Template): string[] {
  return Object.keys(deployed.Resources).filter((id) => !(id in next.Resources) && id !== TRANSITION_MARKER);
}
