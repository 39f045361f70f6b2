import { isReleaseTaskEvent } from "./release-task-lines.js";
import type { ReleaseEvent } from "../deployers/release/release-service.js";
import type { Manifest } from "../manifest/types.js";

/** What berth last saw of one service's deployment, for the views. */
export interface ServiceProgress {
  service: string;
  /** When berth began following the deployment (ms). */
  since: number;
  /** When the current stage began (ms), for the bake countdown. */
  stageSince: number;
  status?: string;
  stage?: string;
  tasks?: { running: number; desired: number };
  productionWeight?: number;
  /** The result of berth's check at the pause hook. */
  health?: { passed: boolean; detail: string };
  end?: string;
  /** When the deployment ended (ms). */
  endedAt?: number;
  reason?: string;
  /** This deployment takes the service back to what served before, as another service stayed behind. */
  returning?: boolean;
}

/** Folds a release event into a service's progress; `changed` says whether its status or stage moved. */
export function foldProgress(
  before: ServiceProgress | undefined,
  event: ReleaseEvent,
  now: number,
): { progress: ServiceProgress; changed: boolean } {
  const base = before ?? { service: event.service, since: now, stageSince: now };
  // A release task comes before the deployment: each of its events is a line, none moves a stage.
  if (isReleaseTaskEvent(event)) return { progress: base, changed: true };
  switch (event.type) {
    case "following":
      return { progress: { service: event.service, since: now, stageSince: now }, changed: true };
    case "progress": {
      const changed = event.status !== base.status || event.stage !== base.stage;
      const next: ServiceProgress = {
        ...base,
        status: event.status,
        stageSince: event.stage !== base.stage ? now : base.stageSince,
      };
      if (event.stage) next.stage = event.stage;
      if (event.tasks) next.tasks = event.tasks;
      if (event.productionWeight !== undefined) next.productionWeight = event.productionWeight;
      return { progress: next, changed };
    }
    case "checked":
      return { progress: { ...base, health: { passed: event.passed, detail: event.detail } }, changed: true };
    case "settled":
      return {
        progress: { ...base, end: event.end, endedAt: now, ...(event.reason ? { reason: event.reason } : {}) },
        changed: true,
      };
    case "registered":
      return { progress: base, changed: true };
    case "returning":
      return { progress: { service: event.service, since: now, stageSince: now, returning: true }, changed: true };
  }
}

/** `SCALE_UP, tasks 1/2, new version 0% of traffic`: what a plain line says of a deployment. */
export function progressDetail(p: ServiceProgress): string {
  const parts = [p.stage ?? p.status ?? "starting"];
  if (p.tasks) parts.push(`tasks ${p.tasks.running}/${p.tasks.desired}`);
  if (p.productionWeight !== undefined) parts.push(`new version ${Math.round(p.productionWeight)}% of traffic`);
  return parts.join(", ");
}

/** Per service, how long its bake lasts (ms), from the manifest. */
export function bakeTimes(m: Manifest | undefined): Record<string, number> {
  return Object.fromEntries(Object.values(m?.services ?? {}).map((s) => [s.name, s.deploy.bake * 1000]));
}

/** The bake countdown: ms left, while the service is in BAKE_TIME. */
export function bakeLeft(bakeMs: Record<string, number>, p: ServiceProgress, now: number): number | undefined {
  const bake = bakeMs[p.service];
  if (p.stage !== "BAKE_TIME" || bake === undefined || p.end !== undefined) return undefined;
  return Math.max(0, p.stageSince + bake - now);
}
