import type { Manifest } from "../manifest/types.js";
import { renderApplication } from "../render/render.js";
import type { EnvironmentOptions, EnvironmentOutcome, EnvironmentPorts } from "./environment-port.js";
import { applyPlan, discardChangeSets } from "./plan/apply-plan.js";
import { planEnvironment } from "./plan/plan-environment.js";
import { readingPorts } from "./plan/reading-ports.js";
import { makePlanInputs } from "./prepare-environment.js";

export type {
  EnvironmentOptions,
  EnvironmentOutcome,
  EnvironmentPorts,
  EnvironmentStep,
  PushedImages,
  ReleasePorts,
} from "./environment-port.js";

/**
 * `berth deploy` (docs/architecture.md, "The data flow of berth deploy"): plan, then apply.
 * First what a plan starts from — the app stack, the images, pre-flight
 * (prepare-environment.ts) — then the plan `berth plan --out` would make, held in memory
 * (plan/plan-environment.ts), then that plan carried out (plan/apply-plan.ts), going on
 * from what the plan read. A plan that cannot be carried out stops here, its change sets
 * deleted: nothing in the environment changed.
 */
export async function deployEnvironment(
  m: Manifest,
  ports: EnvironmentPorts,
  options: EnvironmentOptions,
): Promise<EnvironmentOutcome> {
  // Render once before touching AWS: a manifest whose overrides do not apply changes nothing.
  const first = renderApplication(m);
  if (!first.ok) return { ok: false, problems: first.problems, stacks: [] };
  const inputs = await makePlanInputs(m, first.rendered, ports, options);
  if (!inputs.ok) return inputs.outcome;
  const { outcome, plan, read } = await planEnvironment(m, readingPorts(ports), {
    ...planningOptions(options),
    keep: true,
    // Only a saved plan's version is ever compared (plan-check.ts); this one is never written.
    berthVersion: "",
    made: inputs.made,
  });
  if (!plan || !read?.environmentOk) {
    if (plan) await discardChangeSets(plan.stacks, ports.cloudFormation);
    return { ...outcome, stacks: outcome.stacks.filter((s) => s.result !== "planned") };
  }
  return applyPlan(plan, m, ports, options, { made: inputs.made, read });
}

/**
 * The plan runs quietly but for what it waits on: apply announces each change set as it
 * executes it, and the steps as it reaches them.
 */
function planningOptions(options: EnvironmentOptions) {
  const { confirm: _asks, onStep: _steps, onRelease: _releases, emit, ...rest } = options;
  return {
    ...rest,
    ...(emit ? { emit: (event: Parameters<typeof emit>[0]) => event.type !== "change-set-ready" && emit(event) } : {}),
  };
}
