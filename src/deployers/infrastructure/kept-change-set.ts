import { createHash } from "node:crypto";
import type { StackState } from "./cloudformation-port.js";

/**
 * One stack as `berth plan --out` left it for `berth apply`: the change set it created and
 * kept, and the stack as it was when planned, so apply can tell that nothing changed since.
 */
export interface KeptChangeSet {
  stackName: string;
  /** The template's sha256: apply executes a change set only for the very template planned. */
  templateHash: string;
  parameters: Record<string, string>;
  /** Absent when no change set could be made yet: see `atApply`. */
  changeSet?: { name: string; id?: string; type: "CREATE" | "UPDATE" };
  /**
   * Why the change set is created by apply, from the pinned template: its parameters are
   * outputs of a stack this plan creates, or the stack must first be repaired (recreated,
   * or its failed rollback continued) — both only at apply; or the plan found no change,
   * and apply's change set must find none either.
   */
  atApply?: "parameters-unknown" | "repair-first" | "unchanged";
  /** The stack planned against; absent for a stack that did not exist. */
  stack?: Pick<StackState, "stackId" | "status" | "lastUpdated"> & { lastEventId?: string };
}

export function templateHash(templateBody: string): string {
  return createHash("sha256").update(templateBody).digest("hex");
}

/** A stack whose change set apply creates, from the same template (`atApply` says why). */
export function keptAtApply(
  request: { stackName: string; templateBody: string; parameters?: Record<string, string> },
  atApply: NonNullable<KeptChangeSet["atApply"]>,
  context: { keep?: ((kept: KeptChangeSet) => void) | undefined },
): void {
  context.keep?.({
    stackName: request.stackName,
    templateHash: templateHash(request.templateBody),
    parameters: request.parameters ?? {},
    atApply,
  });
}
