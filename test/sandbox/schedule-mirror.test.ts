import { expect, test } from "vitest";
import { scheduleStandInValue, SCHEDULE_STAND_IN_KEY } from "../../src/sandbox/schedule-mirror.js";

test("a schedule's stand-in value is its properties as JSON once moto resolves the references", () => {
  const properties = {
    Name: "nightly",
    GroupName: { Ref: "ScheduleGroup" },
    FlexibleTimeWindow: { Mode: "OFF" },
    Target: {
      Arn: { Ref: "ClusterArn" },
      Input: '{"containerOverrides":[{"name":"worker","command":["report"]}]}',
      RetryPolicy: { MaximumRetryAttempts: 3 },
      EcsParameters: { TaskCount: 1, Subnets: [{ Ref: "A" }, { Ref: "B" }], EnableECSManagedTags: true },
    },
  };
  const value = scheduleStandInValue(properties) as { "Fn::Join": [string, unknown[]] };
  // What moto's Fn::Join does, with each reference resolved to the name it refers to.
  const resolved = value["Fn::Join"][1]
    .map((part) => (typeof part === "string" ? part : `resolved-${(part as { Ref: string }).Ref}`))
    .join("");
  expect(JSON.parse(resolved)).toEqual({
    [SCHEDULE_STAND_IN_KEY]: {
      ...properties,
      GroupName: "resolved-ScheduleGroup",
      Target: {
        ...properties.Target,
        Arn: "resolved-ClusterArn",
        EcsParameters: { ...properties.Target.EcsParameters, Subnets: ["resolved-A", "resolved-B"] },
      },
    },
  });
});
