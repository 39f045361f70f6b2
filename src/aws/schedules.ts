import { EXIT, UserError } from "../exit-codes.js";
import type { SchedulePort } from "../deployers/schedules/schedule-port.js";
import { withAwsFailures } from "./aws-failure.js";
import { lazyClient } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/**
 * The schedules' ECS targets over EventBridge Scheduler. UpdateSchedule replaces the whole
 * schedule, and a field left out is reset to its default
 * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_UpdateSchedule.html), so a
 * retarget sends back everything GetSchedule read, with the task definition changed.
 */
export function schedulePort(settings: AwsSettings): SchedulePort {
  const scheduler = lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-scheduler");
    return { sdk, client: new sdk.SchedulerClient(clientConfig(settings)) };
  });
  const read = async (group: string, name: string) => {
    const { sdk, client } = await scheduler();
    try {
      return await client.send(new sdk.GetScheduleCommand({ GroupName: group, Name: name }));
    } catch (error) {
      if ((error as { name?: string }).name === "ResourceNotFoundException") return undefined;
      throw error;
    }
  };
  return withAwsFailures("EventBridge Scheduler", {
    async target(group, name) {
      return (await read(group, name))?.Target?.EcsParameters?.TaskDefinitionArn;
    },
    async retarget(group, name, taskDefinition) {
      const { sdk, client } = await scheduler();
      const schedule = await read(group, name);
      const target = schedule?.Target;
      if (!schedule?.ScheduleExpression || !schedule.FlexibleTimeWindow || !target?.EcsParameters)
        throw new UserError(
          `schedule ${group}/${name} has no ECS target to point at ${taskDefinition}: it was changed outside berth`,
          EXIT.failure,
          "give it back its ECS target (berth render shows the schedule as berth.yml describes it), then berth deploy again",
        );
      await client.send(
        new sdk.UpdateScheduleCommand({
          Name: name,
          GroupName: group,
          ScheduleExpression: schedule.ScheduleExpression,
          FlexibleTimeWindow: schedule.FlexibleTimeWindow,
          Target: { ...target, EcsParameters: { ...target.EcsParameters, TaskDefinitionArn: taskDefinition } },
          ...optional(schedule, [
            "Description",
            "ScheduleExpressionTimezone",
            "StartDate",
            "EndDate",
            "State",
            "KmsKeyArn",
            "ActionAfterCompletion",
          ]),
        }),
      );
    },
  });
}

function optional<T extends object, K extends keyof T>(from: T, keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((key) => from[key] != null).map((key) => [key, from[key]])) as Partial<
    Pick<T, K>
  >;
}
