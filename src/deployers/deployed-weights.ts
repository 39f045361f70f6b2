import type { Manifest } from "../manifest/types.js";
import { logicalId } from "../manifest/names.js";
import type { Template } from "../render/template.js";

/**
 * After a blue/green release, ECS has moved the listener rules' weights, and the stack's
 * template still holds the ones it was last deployed with. CloudFormation updates only
 * resources whose template properties change, so a rule rendered exactly as deployed is
 * left alone, with ECS's weights live; a rule that changes in anything but its weights is
 * rendered with the live weights, so the update moves no traffic.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html
 */
export function keepDeployedRules(m: Manifest, rendered: Template, deployed: Template | undefined): Template {
  if (!deployed) return rendered;
  const resources = { ...rendered.Resources };
  for (const service of Object.values(m.services).filter((s) => s.http)) {
    for (const id of [`${logicalId(service.name)}ListenerRule`, `${logicalId(service.name)}TestListenerRule`]) {
      const now = resources[id];
      const before = deployed.Resources[id];
      if (now && before && sameBesidesWeights(now, before)) resources[id] = before;
    }
  }
  return { ...rendered, Resources: resources };
}

function sameBesidesWeights(a: unknown, b: unknown): boolean {
  return JSON.stringify(withoutWeights(a)) === JSON.stringify(withoutWeights(b));
}

function withoutWeights(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutWeights);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "Weight")
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([key, inner]) => [key, withoutWeights(inner)]),
  );
}
