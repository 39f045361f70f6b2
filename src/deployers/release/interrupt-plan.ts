import { PAUSE_TIMEOUT_MINUTES } from "../../render/service-definition.js";
import type { ReleaseEvent } from "./release-service.js";

/** Stages before berth's pause hook (POST_TEST_TRAFFIC_SHIFT, src/render/service-definition.ts). */
const BEFORE_PAUSE = new Set(["RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT"]);

/** What berth last saw of one service's release: enough to say what an interrupt leaves. */
export interface TrackedRelease {
  service: string;
  deploymentArn?: string;
  status?: string;
  stage?: string;
  /** When ECS applies the pause hook's timeout action (ROLLBACK) by itself. */
  hookExpiresAt?: number;
  /** The deployment reached its end (or nothing was started). */
  finished: boolean;
  end?: string;
}

export type ReleaseTracking = Record<string, TrackedRelease>;

/** Folds a release event into what berth knows of each service's release. */
export function trackRelease(tracking: ReleaseTracking, event: ReleaseEvent): ReleaseTracking {
  const before = tracking[event.service] ?? { service: event.service, finished: false };
  switch (event.type) {
    case "following":
      return {
        ...tracking,
        [event.service]: { service: event.service, deploymentArn: event.deploymentArn, finished: false },
      };
    case "progress": {
      const { hookExpiresAt: _previous, ...rest } = before;
      const hook = event.hookExpiresAt !== undefined ? { hookExpiresAt: event.hookExpiresAt } : {};
      return {
        ...tracking,
        [event.service]: { ...rest, ...hook, status: event.status, ...(event.stage ? { stage: event.stage } : {}) },
      };
    }
    case "settled":
      return { ...tracking, [event.service]: { ...before, finished: true, end: event.end } };
    default:
      return tracking;
  }
}

export function inFlight(tracking: ReleaseTracking): TrackedRelease[] {
  return Object.values(tracking).filter((t) => !t.finished && t.deploymentArn !== undefined);
}

export type InterruptChoice = "roll-back" | "leave-to-ecs";

/**
 * What the first interrupt does with the releases in flight: without a terminal (a CI
 * job cancelled) they are rolled back, since nobody will come back to them; in a terminal
 * the person chooses. The deployments are ECS's either way: they go on without berth.
 */
export function interruptAction(interactive: boolean, answer?: InterruptChoice): InterruptChoice {
  if (!interactive) return "roll-back";
  return answer ?? "leave-to-ecs";
}

/** The services this run released already (their deployment ended released). */
export function releasedServices(tracking: ReleaseTracking): string[] {
  return Object.values(tracking)
    .filter((t) => t.finished && t.end === "released")
    .map((t) => t.service);
}

/** The question asked in a terminal, saying what happens if the releases are left. */
export function interruptQuestion(releases: TrackedRelease[], now: number, returning: string[] = []): string {
  const lines = releases.map((r) => `  ${r.service}: ${where(r)}; left alone, ${leftAlone(r, now)}`);
  const also =
    returning.length > 0
      ? `; ${returning.join(", ")}, released by this run, return${returning.length === 1 ? "s" : ""} too, so every service runs one version`
      : "";
  return [
    `Interrupted with ${releases.length} release(s) in flight:`,
    ...lines,
    `Roll them back now (production returns to the version before${also})?`,
  ].join("\n");
}

/** Said when berth stays to return the released services after rolling back on an interrupt. */
export function returningNote(signal: string, returning: string[]): string {
  return `berth: interrupted (${signal}): rolling back; ${returning.join(", ")} return${returning.length === 1 ? "s" : ""} to the version before once the releases in flight have rolled back (interrupt again to leave now)`;
}

/** One line per service: the state the interrupt left, as precisely as berth knows it. */
export function leftStateLines(tracking: ReleaseTracking, stopped: ReadonlySet<string>, now: number): string[] {
  const lines = Object.values(tracking).map((r) => {
    if (r.finished || !r.deploymentArn)
      return `  ${r.service}: ${r.end ? `deployment ended ${r.end}` : "not started"}; nothing left in flight`;
    if (stopped.has(r.deploymentArn))
      return `  ${r.service}: rollback requested (StopServiceDeployment ROLLBACK): ECS returns production to the previous version; ${r.deploymentArn}`;
    return `  ${r.service}: still in flight, ${where(r)}; ${leftAlone(r, now)}; ${r.deploymentArn}`;
  });
  // How to finish what was left in flight, so the environment ends on one version.
  const left = Object.values(tracking).some((r) => !r.finished && r.deploymentArn && !stopped.has(r.deploymentArn));
  const finish = left
    ? [
        "  to finish: berth deploy finishes the release left in flight (it answers berth's pause hook); berth rollback stops it and returns to the version before",
      ]
    : [];
  return lines.length > 0
    ? [...lines, ...finish]
    : ["  no service release had started; a stack update already under way goes on in CloudFormation"];
}

function where(r: TrackedRelease): string {
  return `${r.status ?? "PENDING"}${r.stage ? ` at ${r.stage}` : ""}`;
}

function leftAlone(r: TrackedRelease, now: number): string {
  if (r.hookExpiresAt !== undefined) {
    const minutes = Math.max(0, Math.ceil((r.hookExpiresAt - now) / 60_000));
    return `waits at berth's pause hook; ECS rolls it back by itself in ${minutes} min (at ${new Date(r.hookExpiresAt).toISOString().slice(11, 16)} UTC)`;
  }
  if (r.stage && BEFORE_PAUSE.has(r.stage)) {
    return `it will wait at berth's pause hook, and ECS rolls it back by itself ${PAUSE_TIMEOUT_MINUTES} min after it gets there`;
  }
  return "ECS carries on without berth: it completes the release, or rolls it back on a failed health check or alarm";
}
