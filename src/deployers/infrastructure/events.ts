import type { ChangeSummary } from "./change-summary.js";
import type { StackEvent } from "./cloudformation-port.js";
import type { FailedResource } from "./root-cause.js";

/** What the infrastructure deployer reports while it works; views subscribe to these. */
export type InfrastructureEvent =
  | { type: "waiting-for-stack"; stackName: string; status: string }
  | { type: "change-set-ready"; stackName: string; summary: ChangeSummary }
  | { type: "resource-progress"; stackName: string; event: StackEvent }
  | { type: "recreating-stack"; stackName: string; reason: string }
  | { type: "continuing-rollback"; stackName: string; skipped: FailedResource[] };

/** A stuck stack's repair that deploy would make before applying the template. */
export interface StackRepair {
  kind: "recreate" | "continue-rollback";
  reason: string;
  /** continue-rollback: the resources ContinueUpdateRollback would skip. */
  skipped?: FailedResource[];
}

/** Questions only the caller can answer (a prompt, --yes, or a refusal in CI). */
export type Confirmation =
  | { kind: "data-loss"; stackName: string; summary: ChangeSummary }
  | { kind: "recreate"; stackName: string; reason: string }
  /** ECS services of the environment that the manifest no longer names: scaled down and deleted. */
  | { kind: "remove-services"; stackName: string; services: string[]; stacks?: string[] }
  /** An environment berth 0.1.0 created: its services' wiring moves to service stacks (deployers/upgrade/). */
  | { kind: "upgrade-layout"; stackName: string; services: string[]; recreated: string[]; deleting: number };

export type InfrastructureOutcome =
  | { result: "unchanged"; stackName: string }
  /** `berth diff`: what deploy would do; `repair` is what it would first do to a stuck stack. */
  | { result: "planned"; stackName: string; summary: ChangeSummary; repair?: StackRepair }
  | { result: "created" | "updated"; stackName: string; summary: ChangeSummary }
  | { result: "declined"; stackName: string; summary?: ChangeSummary }
  | { result: "failed"; stackName: string; status: string; rootCause?: FailedResource; summary?: ChangeSummary }
  /** A service stack deleted with its service (removed from the manifest, or by destroy). */
  | { result: "deleted"; stackName: string }
  | { result: "busy"; stackName: string; status: string; waitedMs: number }
  | { result: "stopped"; stackName: string; status: string; reason: string; hint: string };
