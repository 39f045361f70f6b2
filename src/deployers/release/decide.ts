import type { DeploymentState } from "./release-port.js";

/** A deployment found in flight and followed to its end before this release: whose version it carried, how it ended. */
export interface SettledDeployment {
  fingerprint?: string;
  released: boolean;
}

export type StartDecision =
  | { kind: "unchanged" }
  /** An earlier run's release of this very version was in flight; berth finished it. */
  | { kind: "finished-earlier" }
  | { kind: "release" };

/**
 * Whether a service needs a release, once nothing is in flight. What serves is the target
 * revision of the last SUCCESSFUL deployment: a rollback creates no revision and returns to
 * it (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-revision.html).
 * So a version ECS rolled back is released again, and "unchanged" means it serves now.
 */
export function decideStart(
  fingerprint: string,
  serving: { fingerprint?: string } | undefined,
  settled: SettledDeployment[],
): StartDecision {
  if (serving?.fingerprint !== fingerprint) return { kind: "release" };
  return settled.some((d) => d.fingerprint === fingerprint && d.released)
    ? { kind: "finished-earlier" }
    : { kind: "unchanged" };
}

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
      return { kind: "rolled-back", reason };
    case "STOPPED":
      // Stopped without a rollback: superseded by a newer deployment, or stopped by hand.
      return { kind: "failed", reason: `the deployment was stopped before it finished: ${reason}` };
    case "ROLLBACK_FAILED":
      return { kind: "failed", reason: `the rollback failed too: ${reason}` };
  }
  const paused = state.hooks.find((h) => h.status === "AWAITING_ACTION" && !answered.has(h.hookId));
  if (state.status === "IN_PROGRESS" && paused) return { kind: "check", hookId: paused.hookId };
  return { kind: "wait" };
}

/** Whether the new version may take production traffic: every target healthy, at least one. */
export function healthVerdict(health: {
  healthy: number;
  unhealthy: number;
  reasons: string[];
}): { ok: true } | { ok: false; reason: string } {
  if (health.unhealthy > 0)
    return {
      ok: false,
      reason: `${health.unhealthy} of ${health.healthy + health.unhealthy} new targets failed their health check (${[...new Set(health.reasons)].join("; ") || "no reason given"})`,
    };
  if (health.healthy === 0) return { ok: false, reason: "no new target became healthy" };
  return { ok: true };
}
