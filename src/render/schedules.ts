import schedule from "../../templates/schedule.yml";
import scheduleRole from "../../templates/schedule-role.yml";
import schedules from "../../templates/schedules.yml";
import { logicalId, taskFamily } from "../manifest/names.js";
import type { Manifest, Schedule, Service } from "../manifest/types.js";
import { alarmActions } from "./alerts.js";
import type { NetworkRefs } from "./network.js";
import { capacityProvider, taskSecurityGroups } from "./service-definition.js";
import { getAtt, sub, type TemplateBuilder } from "./template.js";

/**
 * Scheduled jobs (EventBridge Scheduler). The environment stack holds what they share
 * (templates/schedules.yml); each schedule lives in its service's stack, beside the roles
 * its tasks pass, with a role of its service's own (templates/schedule-role.yml).
 *
 * A schedule names its service's task definition family without a revision: RunTask then
 * runs the family's latest ACTIVE revision
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html#ECS-RunTask-request-taskDefinition),
 * which is the one the last release registered — so a schedule follows releases without
 * being updated (docs/manifest.md, "schedules", says when that is not what serves).
 */

/** The task group of a schedule's tasks: how the failure rule and `berth status` find them. */
export const SCHEDULE_GROUP_PREFIX = "berth-schedule:";

export function scheduleTaskGroup(name: string): string {
  return `${SCHEDULE_GROUP_PREFIX}${name}`;
}

/** The alarm on the schedule group's failed invocations. */
export function scheduleAlarmName(stack: string): string {
  return `${stack}/scheduled-invocations`;
}

/** What `berth run --schedule NAME` runs now: the schedule's service with its command. */
export function scheduleRun(m: Manifest, name: string): { service: string; command: string[] } | undefined {
  const found = m.schedules[name];
  return found && { service: found.service, command: [...found.command] };
}

/** The environment's schedule group, dead-letter queue, failure alarm and failed-run rule; nothing without schedules. */
export function renderScheduleGroup(m: Manifest, stack: string, t: TemplateBuilder): void {
  if (Object.keys(m.schedules).length === 0) return;
  t.add(schedules, {
    stackName: stack,
    alarmName: scheduleAlarmName(stack),
    alarmActions: alarmActions(m),
    groupPrefix: SCHEDULE_GROUP_PREFIX,
  });
}

/** The schedules that run this service's tasks, and the role Scheduler runs them with. */
export function renderServiceSchedules(
  m: Manifest,
  s: Service,
  stack: string,
  network: NetworkRefs,
  t: TemplateBuilder,
): void {
  const own = Object.values(m.schedules).filter((entry) => entry.service === s.name);
  if (own.length === 0) return;
  const Id = logicalId(s.name);
  const family = `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:task-definition/${taskFamily(stack, s.name)}`;
  // RunTask authorizes a revision-less ARN against the latest revision's ARN (API_RunTask), so `:*`.
  t.add(scheduleRole, { Id, taskDefinitions: [sub(family), sub(`${family}:*`)] });
  for (const entry of own) t.add(schedule, scheduleVars(m, s, entry, network, sub(family)));
}

function scheduleVars(m: Manifest, s: Service, entry: Schedule, network: NetworkRefs, taskDefinition: unknown) {
  return {
    Id: logicalId(s.name),
    ScheduleId: `${logicalId(entry.name)}Schedule`,
    name: entry.name,
    description: `berth: ${entry.written} (${entry.timezone}) runs ${s.name}: ${entry.command.join(" ")}`.slice(0, 512),
    expression: entry.expression,
    timezone: entry.timezone,
    // RunTask's overrides, which Scheduler's templated ECS target takes as its input.
    input: JSON.stringify({ containerOverrides: [{ name: s.name, command: entry.command }] }),
    taskDefinition,
    capacityProvider: capacityProvider(m, s),
    subnets: network.taskSubnets,
    securityGroups: taskSecurityGroups(m, s).map((group) => getAtt(group, "GroupId")),
    assignPublicIp: network.assignPublicIp ? "ENABLED" : "DISABLED",
    group: scheduleTaskGroup(entry.name),
  };
}
