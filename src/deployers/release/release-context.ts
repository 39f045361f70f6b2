import type { Clock } from "../../time/clock.js";
import type { ReleaseTaskEvent } from "../one-off/release-task-event.js";
import type { FollowEnd } from "./follow-deployment.js";

export type ReleaseEvent =
  /** The release tasks that run before any release (deployers/one-off/release-gate.ts). */
  | ReleaseTaskEvent
  | { type: "registered"; service: string; taskDefinition: string }
  /** berth now follows this deployment (its own, or one an earlier run left in flight). */
  | { type: "following"; service: string; deploymentArn: string; own: boolean }
  | {
      type: "progress";
      service: string;
      deploymentArn: string;
      status: string;
      stage?: string;
      hookExpiresAt?: number;
      tasks?: { running: number; desired: number };
      /** The new version's share of production traffic, 0–100. */
      productionWeight?: number;
    }
  | { type: "settled"; service: string; deploymentArn: string; end: FollowEnd["kind"]; reason?: string }
  | { type: "checked"; service: string; passed: boolean; detail: string }
  /** A released service goes back to what served before, because another stayed behind (one-version.ts). */
  | { type: "returning"; service: string; taskDefinition: string; because: string };

export interface ReleaseContext {
  clock: Clock;
  pollMs: number;
  maxPollMs: number;
  /** How long a deployment may take before berth stops waiting (ECS carries on, and rolls back on its own). */
  timeoutMs: number;
  emit: (event: ReleaseEvent) => void;
  /** Per service, how long stages last when the manifest says it (stageDurations). */
  stageMs?: Record<string, Record<string, number>>;
  /** Task definitions the release tasks already registered (service → ARN): released as they are. */
  registered?: Record<string, string>;
}
