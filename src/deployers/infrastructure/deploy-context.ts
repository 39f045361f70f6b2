import { systemClock, type Clock } from "../../time/clock.js";
import type { Confirmation, InfrastructureEvent } from "./events.js";
import type { KeptChangeSet } from "./kept-change-set.js";

// What a stack operation is asked to do and how, shared by deploy-infrastructure.ts and the
// steps it calls (apply-change-set.ts, preview.ts).

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

export interface InfrastructureOptions {
  /** Asked before data loss or a stack recreation; the caller prompts, honours --yes, or refuses in CI. */
  confirm: (question: Confirmation) => Promise<boolean>;
  emit?: (event: InfrastructureEvent) => void;
  clock?: Clock;
  /** How often the stack is polled while it works (default 3 s). */
  pollMs?: number;
  /** How long to wait for someone else's operation to end before giving up (default 15 min). */
  busyTimeoutMs?: number;
  /** How long one of our operations may take (default 2 h: an Aurora cluster takes a while). */
  operationTimeoutMs?: number;
  /**
   * false for `berth diff`: only read. Change sets are computed and deleted unexecuted; a
   * missing stack is summarized from the template, and a stuck stack's repair is reported.
   */
  execute?: boolean;
  /**
   * With execute false, for `berth plan --out`: each change set is kept for `berth apply`
   * (and told here) rather than deleted, and a stack that does not exist gets a CREATE change
   * set, which leaves it in REVIEW_IN_PROGRESS until apply (or the next deploy) executes one.
   */
  keep?: (kept: KeptChangeSet) => void;
  /**
   * `berth apply`: the stacks its plan left in REVIEW_IN_PROGRESS, whose CREATE change set it
   * executes. Any other REVIEW_IN_PROGRESS stack an abandoned plan left (no resources) is
   * deleted, with its change sets, before a deploy or a kept plan creates it.
   */
  awaitingApply?: ReadonlySet<string>;
}

export type DeployContext = Required<Omit<InfrastructureOptions, "emit" | "keep" | "awaitingApply">> & {
  emit: (event: InfrastructureEvent) => void;
  keep?: (kept: KeptChangeSet) => void;
  awaitingApply?: ReadonlySet<string>;
};

/** The options with their defaults: the one place they are set. */
export function deployContext(options: InfrastructureOptions): DeployContext {
  return {
    confirm: options.confirm,
    emit: options.emit ?? (() => {}),
    clock: options.clock ?? systemClock,
    pollMs: options.pollMs ?? 3_000,
    busyTimeoutMs: options.busyTimeoutMs ?? 15 * 60_000,
    operationTimeoutMs: options.operationTimeoutMs ?? 2 * 60 * 60_000,
    execute: options.execute ?? true,
    ...(options.keep && options.execute === false ? { keep: options.keep } : {}),
    ...(options.awaitingApply ? { awaitingApply: options.awaitingApply } : {}),
  };
}
