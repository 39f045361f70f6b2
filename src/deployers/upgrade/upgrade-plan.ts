import type { Manifest } from "../../manifest/types.js";
import { stackName } from "../../manifest/names.js";
import type { Template } from "../../render/template.js";
import { toYaml } from "../../render/template-yaml.js";
import { templateHash } from "../infrastructure/kept-change-set.js";
import type { EnvironmentPlan } from "../plan/environment-plan.js";
import { upgradeView, type LayoutUpgrade } from "./upgrade-layout.js";

/**
 * A plan of an environment berth 0.1.0 created, made the plan of its move to service
 * stacks (docs/architecture.md, "Upgrading from the single-stack layout"): the environment
 * stack's planned change set is already the transition (the new template, the old wiring
 * kept); this adds what apply does after it — the web services' ECS services recreated on
 * their stacks' target groups (removals apply may make), and the last environment stack
 * update, which deletes the old wiring once every service serves from its own stack. That
 * update can only be made then: the plan pins its template by hash, as it does for the
 * stacks whose parameters do not exist yet.
 */
export function withLayoutUpgrade(
  plan: EnvironmentPlan,
  m: Manifest,
  upgrade: LayoutUpgrade,
  finalTemplate: Template,
): EnvironmentPlan {
  const finish = { stackName: stackName(m.app, m.environment), templateHash: templateHash(toYaml(finalTemplate)) };
  return { ...plan, upgrading: { ...upgradeView(upgrade), finish } };
}
