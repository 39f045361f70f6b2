import type { DeploymentState } from "./release-port.js";

export type ReleaseDecision =
  | { kind: "wait" }
  /** ECS paused at berth's hook: check the new version, then continue or roll back. */
  | { kind: "check"; hookId: string }
  | { kind: "released" }
  | { kind: "rolled-back"; reason: string }
  | { kind: "failed"; reason: string };

/**
 * What to do next, from the deployment's state alone. Statuses and hook states:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html,
 * API_DeploymentLifecycleHookDetail.html.
 */
export function decideRelease(state: DeploymentState | undefined, answered: ReadonlySet<string>): ReleaseDecision {
  if (!state) return { kind: "wait" };
  const reason = state.rollbackReason ?? state.statusReason ?? "no reason given";
  switch (state.status) {
    case "SUCCESSFUL":
      return { kind: "released" };
    case "ROLLBACK_SUCCESSFUL":
    case "STOPPED":
      return { kind: "rolled-back", reason };
    case "ROLLBACK_FAILED":
      return { kind: "failed", reason: `the rollback failed too: ${reason}` };
  }
  const paused = state.hooks.find((h) => h.status === "AWAITING_ACTION" && !answered.has(h.hookId));
  if (state.status === "IN_PROGRESS" && paused) return { kind: "check", hookId: paused.hookId };
  return { kind: "wait" };
}

/** Whether the new version may take production traffic: every target healthy, at least one. */
export function healthVerdict(health: { healthy: number; unhealthy: number; reasons: string[] }): { ok: true } | { ok: false; reason: string } {
  if (health.unhealthy > 0) return { ok: false, reason: `${health.unhealthy} of ${health.healthy + health.unhealthy} new targets failed their health check (${[...new Set(health.reasons)].join("; ") || "no reason given"})` };
  if (health.healthy === 0) return { ok: false, reason: "no new target became healthy" };
  return { ok: true };
}
