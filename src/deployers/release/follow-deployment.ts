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
  /** The wait between polls while a transition may come at any moment. */
  pollMs: number;
  /** The longest wait, for a stage whose length berth cannot foresee. */
  maxPollMs: number;
  /** How long stages last when berth knows it from the manifest (bake time, draining): it sleeps through them. */
  stageMs?: Record<string, number>;
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
export async function followDeployment(
  arn: string,
  port: ReleasePort,
  check: () => Promise<string | undefined>,
  ctx: FollowContext,
): Promise<FollowEnd> {
  const answered = new Set<string>();
  const started = ctx.clock.now();
  let checkFailure: string | undefined;
  let seen = "";
  let stage = { name: "", since: started };
  while (ctx.clock.now() - started < ctx.timeoutMs) {
    const state = await port.describeDeployment(arn);
    // Task counts and traffic are part of what changed, so a view can show tasks starting and traffic moving.
    const now = state
      ? JSON.stringify([
          state.status,
          state.stage,
          state.hooks.map((h) => h.status),
          state.tasks,
          state.productionWeight,
        ])
      : "";
    if (state && now !== seen) {
      seen = now;
      ctx.onState?.(state);
    }
    if ((state?.stage ?? "") !== stage.name) stage = { name: state?.stage ?? "", since: ctx.clock.now() };
    const decision = decideRelease(state, answered);
    if (decision.kind === "released") return { kind: "released" };
    // When berth's own check rolled it back, that check says why better than ECS's "rollback requested".
    if (decision.kind === "rolled-back" || decision.kind === "failed") {
      return {
        kind: decision.kind,
        reason: checkFailure ?? decision.reason,
        ...(checkFailure ? { failedCheck: checkFailure } : {}),
      };
    }
    if (decision.kind === "check" && state) {
      answered.add(decision.hookId);
      const problem = await check();
      if (await port.continueDeployment(state.arn, decision.hookId, problem === undefined ? "CONTINUE" : "ROLLBACK"))
        checkFailure = problem;
      continue;
    }
    await ctx.clock.sleep(nextWait(stage, ctx));
  }
  const minutes = Math.round(ctx.timeoutMs / 60_000);
  return {
    kind: "timed-out",
    reason: `the deployment did not finish within ${minutes} minutes; ECS carries on and rolls back by itself if it fails`,
  };
}

/**
 * Cheap polling that still notices a transition within `pollMs`: through a stage whose
 * length the manifest gives (bake time, a canary step, draining), berth sleeps until just
 * before it should end, then looks every `pollMs`; any other stage may end at any moment
 * (tasks starting, the pause berth must answer), so it looks every `pollMs` there.
 */
export function nextWait(
  stage: { name: string; since: number },
  ctx: Pick<FollowContext, "clock" | "pollMs" | "maxPollMs" | "stageMs">,
): number {
  const expected = ctx.stageMs?.[stage.name];
  if (expected === undefined) return ctx.pollMs;
  const left = stage.since + expected - ctx.clock.now() - ctx.pollMs;
  return left > ctx.pollMs ? Math.min(left, ctx.maxPollMs) : ctx.pollMs;
}
