import { translateCron } from "../../manifest/cron.js";
import { nextRun, wallClock } from "../../manifest/next-run.js";
import type { Manifest } from "../../manifest/types.js";
import type { ReleaseRecord } from "../history/release-record.js";
import { firstShipped } from "../history/serving-version.js";
import { SCHEDULE_GROUP_PREFIX } from "../../render/schedules.js";

/** A task a schedule started, as ECS DescribeTasks shows it (ECS lists stopped tasks for about an hour). */
export interface ScheduledRun {
  /** The task group, `berth-schedule:<name>` (src/render/schedules.ts). */
  group: string;
  taskArn: string;
  lastStatus: string;
  startedAt?: number;
  stoppedAt?: number;
  exitCode?: number;
  stoppedReason?: string;
}

export interface ScheduleStatus {
  schedule: string;
  service: string;
  /** As the manifest writes it: the cron line or the rate. */
  written: string;
  timezone: string;
  /** ISO time of the next run (cron schedules; a rate counts from when the schedule was created). */
  nextRun?: string;
  /** The same, on the zone's clock: `2026-12-07 03:00`. */
  nextRunLocal?: string;
  /**
   * What its runs start: the task definition its target names, and the release that shipped
   * it (a target without a revision runs the family's newest ACTIVE revision).
   */
  runs?: { taskDefinition: string; release?: string; version?: string };
  lastRun?: {
    outcome: "running" | "succeeded" | "failed";
    at?: string;
    exitCode?: number;
    reason?: string;
    task: string;
  };
}

/**
 * Each schedule with its next run in its time zone, the revision it runs (and the release
 * that shipped it) and the outcome of the newest run ECS still lists.
 */
export function scheduleStatuses(
  m: Manifest,
  runs: ScheduledRun[],
  now: number,
  targets: { targets: Record<string, string>; history: ReleaseRecord[] } = { targets: {}, history: [] },
): ScheduleStatus[] {
  return Object.values(m.schedules).map((s) => {
    const status: ScheduleStatus = { schedule: s.name, service: s.service, written: s.written, timezone: s.timezone };
    const target = targets.targets[s.name];
    if (target) status.runs = { taskDefinition: target, ...firstShipped(targets.history, s.service, target) };
    const cron = s.expression.startsWith("cron(") ? translateCron(s.written) : undefined;
    const next = cron?.ok ? nextRun(cron.fields, s.timezone, new Date(now)) : undefined;
    if (next) Object.assign(status, { nextRun: next.toISOString(), nextRunLocal: wallClock(next, s.timezone) });
    const newest = runs
      .filter((r) => r.group === `${SCHEDULE_GROUP_PREFIX}${s.name}`)
      .sort((a, b) => (b.startedAt ?? Infinity) - (a.startedAt ?? Infinity))[0];
    if (newest) status.lastRun = outcome(newest);
    return status;
  });
}

function outcome(run: ScheduledRun): NonNullable<ScheduleStatus["lastRun"]> {
  const at = run.stoppedAt ?? run.startedAt;
  const base = { task: run.taskArn.split("/").pop() ?? run.taskArn, ...(at ? { at: new Date(at).toISOString() } : {}) };
  if (run.lastStatus !== "STOPPED") return { ...base, outcome: "running" };
  const failed = run.exitCode !== 0;
  return {
    ...base,
    outcome: failed ? "failed" : "succeeded",
    ...(run.exitCode !== undefined ? { exitCode: run.exitCode } : {}),
    ...(failed && run.stoppedReason ? { reason: run.stoppedReason } : {}),
  };
}
