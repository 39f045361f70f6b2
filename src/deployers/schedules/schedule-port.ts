/**
 * The EventBridge Scheduler operations berth makes on the schedules its stacks create: it
 * owns their ECS target's task definition revision (docs/architecture.md, "Schedules").
 */
export interface SchedulePort {
  /** The task definition the schedule's ECS target names; undefined when the group has no such schedule. */
  target(group: string, name: string): Promise<string | undefined>;
  /**
   * Points the schedule's ECS target at this task definition and leaves the rest as it is:
   * UpdateSchedule replaces the whole schedule, so the adapter reads it first (GetSchedule).
   */
  retarget(group: string, name: string, taskDefinition: string): Promise<void>;
}
