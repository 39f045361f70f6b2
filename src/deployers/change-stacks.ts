import type { Manifest } from "../manifest/types.js";
import type { Rendered } from "../render/render.js";
import { deployDashboardStack } from "./dashboard-stack.js";
import { deployEnvironmentStack } from "./environment-stack.js";
import type { EnvironmentStep } from "./environment-port.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import type { InfrastructureOutcome } from "./infrastructure/events.js";
import { outputsAPlanKeeps } from "./plan/replaced-outputs.js";
import type { ListenerRulePort } from "./live-traffic.js";
import {
  deployServiceStacks,
  type ServiceStackPorts,
  type ServiceStackResult,
} from "./service-stacks/deploy-service-stacks.js";
import type { readEnvironmentStacks } from "./service-stacks/environment-stacks.js";
import type { StackStep } from "./stack-step.js";
import { applyTransition, type LayoutUpgrade } from "./upgrade/upgrade-layout.js";

/** Stack results a deploy (or a plan) goes on from. */
export const SETTLED_WELL = new Set(["unchanged", "created", "updated", "planned", "deleted"]);

export interface ChangedStacks {
  environmentOk: boolean;
  all: InfrastructureOutcome[];
  services: ServiceStackResult[];
  environmentOutputs: Record<string, string>;
}

/**
 * The order of the stack changes (docs/architecture.md), the same for a deploy and a plan:
 * the environment stack, whose outputs are the service stacks' parameters, then the service
 * stacks, a few at a time, then the dashboard's stack, whose parameters are both's outputs.
 * A failed environment stack stops here: no service stack changes against it. `step` says
 * what happens to each stack: executed (deploy) or planned (plan), see stack-step.ts.
 */
export async function changeStacks(
  m: Manifest,
  initial: Rendered,
  before: Awaited<ReturnType<typeof readEnvironmentStacks>>,
  ports: ServiceStackPorts & {
    cloudFormation: Pick<CloudFormationPort, "describeStack">;
    listenerRules: ListenerRulePort;
  },
  step: StackStep,
  onStep: (step: EnvironmentStep) => void,
  upgrade: LayoutUpgrade | undefined,
): Promise<ChangedStacks> {
  const live = { exists: before.environment !== undefined, outputs: before.environment?.outputs ?? {} };
  const environment = upgrade
    ? await applyTransition(m, initial, upgrade, step)
    : await deployEnvironmentStack(m, initial, live, ports, step);
  if (!SETTLED_WELL.has(environment.result))
    return { environmentOk: false, all: [environment], services: [], environmentOutputs: live.outputs };
  // An unchanged stack still has the outputs read before; a created or updated one is read
  // again; a planned one's are those read before, less those its change set replaces.
  const environmentOutputs =
    environment.result === "created" || environment.result === "updated"
      ? ((await ports.cloudFormation.describeStack(environment.stackName))?.outputs ?? {})
      : environment.result === "planned"
        ? outputsAPlanKeeps(live.outputs, initial.template, environment.summary)
        : live.outputs;
  if (Object.keys(initial.services).length > 0) onStep("service-stacks");
  const services = await deployServiceStacks(m, initial, before.services, environmentOutputs, ports, step);
  const all = [environment, ...services.map((s) => s.outcome)];
  // The dashboard graphs the service stacks' target groups: it waits for every one of them.
  if (services.every((s) => SETTLED_WELL.has(s.outcome.result))) {
    const outputs = Object.assign({ ...environmentOutputs }, ...services.map((s) => s.outputs)) as Record<
      string,
      string
    >;
    all.push(await deployDashboardStack(m, initial.dashboard, outputs, ports.cloudFormation, step));
  }
  return { environmentOk: true, all, services, environmentOutputs };
}
