import { systemClock, type Clock } from "../../time/clock.js";
import type { Confirmation, InfrastructureEvent } from "./events.js";
import type { KeptChangeSet } from "./kept-change-set.js";

// What a stack operation is asked to do and how, shared by deploy-infrastructure.ts,
// plan-infrastructure.ts and the steps they call (apply-change-set.ts, preview.ts).

export interface InfrastructureRequest {
  stackName: string;
  templateBody: string;
  parameters?: Record<string, string>;
  tags?: Record<string, string>;
  /**
   * A stack being created takes over what an earlier stack of its name left behind, retained
   * under a fixed name (a production service's log group): CloudFormation imports it instead
   * of failing on a name that exists (src/deployers/retained-names.ts).
   */
  importExistingResources?: boolean;
}

/** How stack operations are followed: shared by deploy (deploy-infrastructure.ts) and plan (plan-infrastructure.ts). */
export interface FollowingOptions {
  emit?: (event: InfrastructureEvent) => void;
  clock?: Clock;
  /** How often the stack is polled while it works (default 3 s). */
  pollMs?: number;
  /** How long to wait for someone else's operation to end before giving up (default 15 min). */
  busyTimeoutMs?: number;
  /** How long one of our operations may take (default 2 h: an Aurora cluster takes a while). */
  operationTimeoutMs?: number;
}

/** A deploy's: it executes change sets, so it asks before data loss. */
export interface InfrastructureOptions extends FollowingOptions {
  /** Asked before data loss or a stack recreation; the caller prompts, honours --yes, or refuses in CI. */
  confirm: (question: Confirmation) => Promise<boolean>;
  /**
   * `berth apply`: the stacks its plan left in REVIEW_IN_PROGRESS, whose CREATE change set it
   * executes. Any other REVIEW_IN_PROGRESS stack an abandoned plan left (no resources) is
   * deleted, with its change sets, before a deploy or a kept plan creates it.
   */
  awaitingApply?: ReadonlySet<string>;
}

/**
 * A plan's (plan-infrastructure.ts): it creates change sets and never executes one, so it
 * asks nothing. With `keep` (`berth plan --out`) each change set is kept for `berth apply`
 * (and told here) rather than deleted, and a stack that does not exist gets a CREATE change
 * set, which leaves it in REVIEW_IN_PROGRESS until apply (or the next deploy) executes one.
 */
export interface PlanningOptions extends FollowingOptions {
  keep?: (kept: KeptChangeSet) => void;
}

export type FollowingContext = Required<Omit<FollowingOptions, "emit">> & {
  emit: (event: InfrastructureEvent) => void;
};

export type DeployContext = FollowingContext & {
  confirm: InfrastructureOptions["confirm"];
  awaitingApply?: ReadonlySet<string>;
};

export type PlanningContext = FollowingContext & { keep?: (kept: KeptChangeSet) => void };

/** The options with their defaults: the one place they are set. */
export function followingContext(options: FollowingOptions): FollowingContext {
  return {
    emit: options.emit ?? (() => {}),
    clock: options.clock ?? systemClock,
    pollMs: options.pollMs ?? 3_000,
    busyTimeoutMs: options.busyTimeoutMs ?? 15 * 60_000,
    operationTimeoutMs: options.operationTimeoutMs ?? 2 * 60 * 60_000,
  };
}

export function deployContext(options: InfrastructureOptions): DeployContext {
  return {
    ...followingContext(options),
    confirm: options.confirm,
    ...(options.awaitingApply ? { awaitingApply: options.awaitingApply } : {}),
  };
}

export function planningContext(options: PlanningOptions): PlanningContext {
  return { ...followingContext(options), ...(options.keep ? { keep: options.keep } : {}) };
}
