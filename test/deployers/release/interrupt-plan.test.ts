import { describe, expect, test } from "vitest";
import {
  inFlight,
  interruptAction,
  interruptQuestion,
  leftStateLines,
  trackRelease,
  type ReleaseTracking,
} from "../../../src/deployers/release/interrupt-plan.js";
import type { ReleaseEvent } from "../../../src/deployers/release/release-service.js";

const NOW = Date.UTC(2026, 10, 28, 10, 0);
const ARN = "arn:aws:ecs:us-east-1:1:service-deployment/shop/web/1";
const track = (events: ReleaseEvent[]) => events.reduce<ReleaseTracking>(trackRelease, {});
const atPause = track([
  { type: "following", service: "web", deploymentArn: ARN, own: true },
  {
    type: "progress",
    service: "web",
    deploymentArn: ARN,
    status: "IN_PROGRESS",
    stage: "POST_TEST_TRAFFIC_SHIFT",
    hookExpiresAt: NOW + 12 * 60_000,
  },
  { type: "following", service: "worker", deploymentArn: `${ARN}x`, own: true },
  { type: "settled", service: "worker", deploymentArn: `${ARN}x`, end: "released" },
]);

describe("an interrupt during a release", () => {
  test("without a terminal (a cancelled CI job), the releases in flight are rolled back", () => {
    expect(interruptAction(false)).toBe("roll-back");
  });

  test("in a terminal, the person's answer decides, and no answer leaves them to ECS", () => {
    expect(interruptAction(true, "roll-back")).toBe("roll-back");
    expect(interruptAction(true)).toBe("leave-to-ecs");
  });

  test("only deployments that have not ended are in flight", () => {
    expect(inFlight(atPause).map((r) => r.service)).toEqual(["web"]);
  });

  test("the question says when the pause hook's timeout rolls back by itself", () => {
    expect(interruptQuestion(inFlight(atPause), NOW)).toContain(
      "web: IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT; left alone, waits at berth's pause hook; ECS rolls it back by itself in 12 min (at 10:12 UTC)",
    );
  });

  test("what was left is said per service: rolled back, still in flight, or ended", () => {
    expect(leftStateLines(atPause, new Set([ARN]), NOW)).toEqual([
      `  web: rollback requested (StopServiceDeployment ROLLBACK): ECS returns production to the previous version; ${ARN}`,
      "  worker: deployment ended released; nothing left in flight",
    ]);
    expect(leftStateLines(atPause, new Set(), NOW)[0]).toMatch(
      /web: still in flight, IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT; waits at berth's pause hook/,
    );
  });
});
