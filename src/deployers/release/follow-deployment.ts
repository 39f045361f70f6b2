import type { Clock } from "../../time/clock.js";
import { decideRelease } from "./decide.js";
import type { DeploymentState, ReleasePort } from "./release-port.js";

export type FollowEnd =
  | { kind: "released" }
  | { kind: "rolled-back"; reason: string; failedCheck?: string }
  | { kind: "failed"; reason: string; failedCheck?: string }
  | { kind: "timed-out"; reason: string };

export interface FollowContext {
  clock: Clock;
  /** The first wait between polls; waits grow while nothing changes, up to maxPollMs. */
  pollMs: number;
  maxPollMs: number;
  /** How long a deployment may take before berth stops waiting (ECS carries on, and rolls back on its own). */
  timeoutMs: number;
  onState?: (state: DeploymentState) => void;
}

/**
 * Follows one service deployment, named by its ARN, to its end. At berth's pause hook it
 * runs `check` and answers CONTINUE or ROLLBACK; a hook that someone else already
 * answered is left alone. Statuses and hooks:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html
 */
export async function followDeployment(arn: string, port: ReleasePort, check: () => Promise<string | undefined>, ctx: FollowContext): Promise<FollowEnd> {
  const answered = new Set<string>();
  const started = ctx.clock.now();
  let checkFailure: string | undefined;
  let seen = "";
  let wait = ctx.pollMs;
  while (ctx.clock.now() - started < ctx.timeoutMs) {
    const state = await port.describeDeployment(arn);
    const now = state ? `${state.status}/${state.stage ?? ""}/${state.hooks.map((h) => h.status).join(",")}` : "";
    if (state && now !== seen) {
      seen = now;
      // Something moved: the next transition is likely near, so look again soon.
      wait = ctx.pollMs;
      ctx.onState?.(state);
    }
    const decision = decideRelease(state, answered);
    if (decision.kind === "released") return { kind: "released" };
    // When berth's own check rolled it back, that check says why better than ECS's "rollback requested".
    if (decision.kind === "rolled-back" || decision.kind === "failed") {
      return { kind: decision.kind, reason: checkFailure ?? decision.reason, ...(checkFailure ? { failedCheck: checkFailure } : {}) };
    }
    if (decision.kind === "check" && state) {
      answered.add(decision.hookId);
      const problem = await check();
      if (await port.continueDeployment(state.arn, decision.hookId, problem === undefined ? "CONTINUE" : "ROLLBACK")) checkFailure = problem;
      continue;
    }
    await ctx.clock.sleep(wait);
    wait = Math.min(ctx.maxPollMs, Math.round(wait * 1.5));
  }
  const minutes = Math.round(ctx.timeoutMs / 60_000);
  return { kind: "timed-out", reason: `the deployment did not finish within ${minutes} minutes; ECS carries on and rolls back by itself if it fails` };
}
