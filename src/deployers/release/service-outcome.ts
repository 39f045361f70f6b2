import type { Diagnosis } from "./diagnose.js";

/** How one service's release ended: what every view of a deploy, rollback or destroy reports. */
export type ReleaseResult = "unchanged" | "released" | "rolled-back" | "failed" | "interrupted" | "removed";

export interface ServiceOutcome {
  service: string;
  result: ReleaseResult;
  reason?: string;
  taskDefinition?: string;
  deploymentArn?: string;
  /** Container name → image pinned by digest, as released (or kept). */
  images?: Record<string, string>;
  /** The task definition that served before this release: where a return to one version goes. */
  previousTaskDefinition?: string;
  /** The task definition that serves once this release ended, when berth knows it. */
  servingTaskDefinition?: string;
  /** The smoke or health check berth ran at the pause that failed, if that is why it rolled back. */
  failedCheck?: string;
  diagnosis?: Diagnosis;
  /** Why the diagnosis could not be read (AWS refused a read it needs): said instead of it. */
  diagnosisUnavailable?: string;
}
