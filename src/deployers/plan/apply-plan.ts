import type { Manifest } from "../../manifest/types.js";
import { deployEnvironment } from "../deploy-environment.js";
import type { EnvironmentOptions, EnvironmentOutcome, EnvironmentPorts } from "../environment-port.js";
import { boundToPlan } from "./bound-to-plan.js";
import type { EnvironmentPlan } from "./environment-plan.js";

/**
 * `berth apply`: a saved plan carried out, once plan-check.ts has found it still holds. The
 * deploy runs over ports bound to the plan (bound-to-plan.ts): its change sets, its images,
 * its task definitions, nothing else. The stacks the plan left in REVIEW_IN_PROGRESS keep
 * their CREATE change set, which is executed; any other such stack is an abandoned plan's,
 * replaced (docs/architecture.md, "Plan and apply").
 */
export function applyPlan(
  plan: EnvironmentPlan,
  m: Manifest,
  ports: EnvironmentPorts,
  options: Omit<EnvironmentOptions, "awaitingApply">,
): Promise<EnvironmentOutcome> {
  const awaitingApply = new Set(plan.stacks.filter((s) => s.changeSet?.type === "CREATE").map((s) => s.stackName));
  return deployEnvironment(m, boundToPlan(plan, m, ports), { ...options, awaitingApply });
}
