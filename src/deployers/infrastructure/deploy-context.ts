import { systemClock, type Clock } from "../../time/clock.js";
import type { Confirmation, InfrastructureEvent } from "./events.js";

// What a stack operation is asked to do and how, shared by deploy-infrastructure.ts and the
// steps it calls (apply-change-set.ts, preview.ts).

export interface InfrastructureRequest {
  stackName: string;
  templateBody: string;
  parameters?: Record<string, string>;
  tags?: Record<string, string>;
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
}

export type DeployContext = Required<Omit<InfrastructureOptions, "emit">> & {
  emit: (event: InfrastructureEvent) => void;
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
  };
}
