import { expect, test } from "vitest";
import { planOf } from "../helpers/plan.js";
import { planLines } from "../../src/ui/plan-report.js";

test("a release whose definitions apply works out still shows what the plan can tell changes", () => {
  const lines = planLines(
    planOf({
      releases: [
        {
          service: "web",
          strategy: "bluegreen",
          from: "arn:aws:ecs:eu-west-1:1:task-definition/shop-default-web:4",
          pending: "its stack changes in this plan: apply works its definitions out from the stack's new outputs",
          changes: [{ kind: "environment", container: "web", added: ["FEATURE_X"], changed: [], removed: ["OLD"] }],
          releaseTask: false,
        },
      ],
    }),
    undefined,
  );
  expect(lines).toEqual([
    "images: not built or resolved by this plan (berth plan --out pushes and pins them)",
    "release web (bluegreen): shop-default-web:4 → definitions worked out at apply",
    "  its stack changes in this plan: apply works its definitions out from the stack's new outputs",
    "  environment variables (web): +FEATURE_X -OLD",
  ]);
});
