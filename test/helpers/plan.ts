import { PLAN_FORMAT, type EnvironmentPlan } from "../../src/deployers/plan/environment-plan.js";

/** A plan of shop's default environment that changes nothing, with `extra` over it. */
export function planOf(extra: Partial<EnvironmentPlan> = {}): EnvironmentPlan {
  return {
    format: PLAN_FORMAT,
    berthVersion: "test",
    app: "shop",
    environment: "default",
    region: "eu-west-1",
    manifestHash: "",
    createdAt: "",
    stacks: [],
    changes: [],
    removing: [],
    removingStacks: [],
    releases: [],
    ...extra,
  };
}
