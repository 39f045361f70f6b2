import type { Manifest } from "../manifest/types.js";
import { stackName } from "../manifest/names.js";
import type { Teardown } from "../render/data.js";
import { renderApplication, type Rendered } from "../render/render.js";
import { keepDeployedRules } from "./deployed-weights.js";
import { engineChange } from "./engine-change.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import type { InfrastructureOutcome } from "./infrastructure/events.js";
import { previewStackParameters } from "./previews/preview-base.js";
import { liveRuleArns, liveTrafficFrom, type ListenerRulePort } from "./live-traffic.js";
import type { StackStep } from "./stack-step.js";

/**
 * The environment stack brought to its template. A stack that still holds listener rules
 * (the single-stack layout) is rendered with the weights ECS left live, so the update never
 * moves traffic; an environment stack without rules needs no ELBv2 call.
 */
export async function deployEnvironmentStack(
  m: Manifest,
  initial: Rendered,
  live: { exists: boolean; outputs: Record<string, string> },
  ports: { cloudFormation: Pick<CloudFormationPort, "describeStack" | "getTemplate">; listenerRules: ListenerRulePort },
  step: StackStep,
  /** For `berth destroy`: `initial` was rendered with it, and so is the rendering with live weights. */
  teardown?: Teardown,
): Promise<InfrastructureOutcome> {
  const name = stackName(m.app, m.environment);
  const ruleArns = liveRuleArns(m, live.outputs);
  const traffic =
    ruleArns.length > 0
      ? liveTrafficFrom(m, live.outputs, await ports.listenerRules.describeRuleWeights(ruleArns))
      : {};
  let template = initial.template;
  // The deployed template is read when a database could be replaced by this update, or for its rules.
  const rules = live.exists && Object.keys(traffic).length > 0;
  const deployed =
    live.exists && (rules || "Database" in template.Resources)
      ? await ports.cloudFormation.getTemplate?.(name)
      : undefined;
  const engine = engineChange(deployed, template);
  if (engine) return { result: "stopped", stackName: name, status: "engine change", ...engine };
  if (rules) {
    const rendered = renderApplication(m, { traffic, ...(teardown ? { teardown } : {}) });
    // The same manifest rendered without weights a moment ago: a failure here is a bug in berth.
    if (!rendered.ok) throw new Error(`rendering with live listener weights failed: ${rendered.problems[0]?.message}`);
    template = keepDeployedRules(m, rendered.rendered.template, deployed);
  }
  const tags = { "berth:app": m.app, "berth:environment": m.environment };
  // A preview's stack takes the shared base's resources as parameters (src/render/preview-base.ts).
  const parameters = await previewStackParameters(m, template, ports.cloudFormation);
  const stack = { stackName: name, template, tags, exists: live.exists, ...parameters };
  return step(stack);
}
