import type { ReleaseEvent } from "../deployers/release/release-service.js";
import type { Manifest } from "../manifest/types.js";
import { reportReleaseEvent, reportStep } from "./deploy-report.js";
import type { DeployView } from "./deploy-view-interface.js";
import { logProgress } from "./image-progress.js";
import { reportInfrastructureEvent } from "./infrastructure.js";
import type { Output } from "./output.js";
import { duration } from "../deployers/lock/describe-holder.js";
import { bakeLeft, bakeTimes, foldProgress, progressDetail, type ServiceProgress } from "./release-progress.js";
import { versionsLine } from "./version-figures.js";

/** During a long wait, a service gets one line at most this often: CI logs are read, not watched. */
export const QUIET_MS = 30_000;

/**
 * Output for logs: every line of progress starts with the time (UTC, `10:47:03`).
 * Workflow commands (`::group::`) must start their line, so they are left as they are.
 */
export function timestamped(out: Output, now: () => number = Date.now): Output {
  const stamp = () => new Date(now()).toISOString().slice(11, 19);
  return { ...out, note: (text) => out.note(text.startsWith("::") ? text : `${stamp()} ${text}`) };
}

/**
 * Which services have waited `QUIET_MS` since their last line, with a line for each: the
 * stage, the tasks, during bake how long it has left (`bakeMs`, per service, from the
 * manifest), and the time since berth began following the deployment.
 */
export function progressTicker(now: () => number = Date.now, bakeMs: Record<string, number> = {}) {
  const services = new Map<string, { progress: ServiceProgress; lastLine: number }>();
  return {
    /** Folds an event in; true when the event is a change worth its own line. */
    record(event: ReleaseEvent): boolean {
      const before = services.get(event.service);
      const { progress, changed } = foldProgress(before?.progress, event, now());
      services.set(event.service, { progress, lastLine: changed ? now() : (before?.lastLine ?? now()) });
      return changed;
    },
    due(): string[] {
      const lines: string[] = [];
      for (const entry of services.values()) {
        const p = entry.progress;
        if (p.end !== undefined || p.status === undefined || now() - entry.lastLine < QUIET_MS) continue;
        entry.lastLine = now();
        const left = bakeLeft(bakeMs, p, now());
        const bake = left === undefined ? "" : `, bake ${duration(left)} left`;
        lines.push(`  ${p.service}: still ${progressDetail(p)}${bake}, ${duration(now() - p.since)} elapsed`);
      }
      return lines;
    },
  };
}

export interface CiViewOptions {
  now?: () => number;
  /** Runs `tick` every few seconds until the returned function is called (tests drive it from their clock). */
  every?: (tick: () => void) => () => void;
}

function everyFiveSeconds(tick: () => void): () => void {
  const timer = setInterval(tick, 5_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Plain, timestamped lines: one per state change, and a progress line per quiet service every 30 s. */
export function ciView(plain: Output, m: Manifest | undefined, options: CiViewOptions = {}): DeployView {
  const now = options.now ?? Date.now;
  const out = timestamped(plain, now);
  const ticker = progressTicker(now, bakeTimes(m));
  const images = logProgress(out);
  const stop = (options.every ?? everyFiveSeconds)(() => ticker.due().forEach((line) => out.note(line)));
  return {
    out,
    step: (step) => m && reportStep(step, m, out),
    stack: (event) => reportInfrastructureEvent(event, out),
    image: images,
    release: (event) => {
      if (ticker.record(event)) reportReleaseEvent(event, out);
    },
    versions: (numbers) => numbers.forEach((n) => out.note(`  ${versionsLine(n)}`)),
    settled: () => {},
    pause: () => {},
    resume: () => {},
    close: stop,
  };
}
