/** A schedule as it is now: the service it runs and the task definition its target names (absent: no schedule yet). */
export interface LiveScheduleTarget {
  schedule: string;
  service: string;
  current?: string;
}

/** A schedule berth points at its service's serving revision. */
export interface ScheduleMove {
  schedule: string;
  service: string;
  /** What it ran before: a revision, or the family (which runs the newest ACTIVE revision). */
  from: string;
  to: string;
}

/**
 * Which schedules to point at what serves: those whose target names anything else. A
 * schedule that does not exist yet (its stack failed) and a service that never served
 * (nothing succeeded) are left as they are; a schedule already there is not touched, so a
 * deploy that changes nothing makes no UpdateSchedule.
 */
export function scheduleMoves(live: LiveScheduleTarget[], serving: Record<string, string | undefined>): ScheduleMove[] {
  return live.flatMap((s) => {
    const to = serving[s.service];
    if (s.current === undefined || to === undefined || s.current === to) return [];
    return [{ schedule: s.schedule, service: s.service, from: s.current, to }];
  });
}
