import { describe, expect, test } from "vitest";
import { scheduleRun } from "../../src/render/schedules.js";
import { manifestOf, render, resource, resources } from "./helpers.js";

const app = (extra: string) => `app: shop
services:
  web: { image: x, port: 80, http: {} }
  worker: { image: x, uses: [database] }
database: {}
${extra}`;

const schedule = (cron: string, zone?: string) =>
  app(
    `schedules:\n  report: { service: worker, command: [python, manage.py, report], cron: "${cron}"${zone ? `, timezone: ${zone}` : ""} }\n`,
  );

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation properties are free-form JSON
type Props = Record<string, any>;

describe("a schedule in the service's stack", () => {
  test.each([
    ["0 3 * * *", "Europe/Rome", "cron(0 3 * * ? *)"],
    ["30 2 * * 0", "America/New_York", "cron(30 2 ? * 1 *)"],
    ["0 */6 1 * *", "Australia/Sydney", "cron(0 */6 1 * ? *)"],
    ["15 8 * * 1-5", "Asia/Kolkata", "cron(15 8 ? * 2-6 *)"],
    ["0 0 * * *", undefined, "cron(0 0 * * ? *)"],
  ])("%s in %s", (cron, zone, expression) => {
    const rendered = render(schedule(cron, zone));
    const props = resource(rendered, "ReportSchedule").Properties as Props;
    expect(props).toMatchObject({
      Name: "report",
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: zone ?? "UTC",
      FlexibleTimeWindow: { Mode: "OFF" },
    });
    expect(rendered.services.worker!.Resources.ReportSchedule).toBeDefined();
  });

  test("runs the worker's family (no revision) with the schedule's command, retries, and dead letters", () => {
    const target = (resource(render(schedule("0 3 * * *")), "ReportSchedule").Properties as Props).Target;
    expect(target.EcsParameters.TaskDefinitionArn).toEqual({
      "Fn::Sub": "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/shop-default-worker",
    });
    expect(JSON.parse(target.Input)).toEqual({
      containerOverrides: [{ name: "worker", command: ["python", "manage.py", "report"] }],
    });
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 });
    expect(target.DeadLetterConfig).toEqual({ Arn: { Ref: "ScheduleDeadLetterQueueArn" } });
    expect(target.EcsParameters.Group).toBe("berth-schedule:report");
    // The worker's own security group and the database's client group, as its service's tasks have.
    expect(target.EcsParameters.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups).toEqual([
      { "Fn::GetAtt": ["WorkerSecurityGroup", "GroupId"] },
      { Ref: "DatabaseClientSecurityGroupGroupId" },
    ]);
  });

  test("its role runs that family only, passes only the service's two roles, and tags only RunTask's tasks", () => {
    const role = resource(render(schedule("0 3 * * *")), "WorkerSchedulerRole").Properties as Props;
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: "scheduler.amazonaws.com" });
    const statements = role.Policies[0].PolicyDocument.Statement as Props[];
    expect(statements.map((s) => s.Action)).toEqual([
      "ecs:RunTask",
      "iam:PassRole",
      "ecs:TagResource",
      "sqs:SendMessage",
    ]);
    expect(JSON.stringify(statements[0]!.Resource)).toContain("task-definition/shop-default-worker:*");
    expect(statements[1]!.Resource).toEqual([
      { "Fn::GetAtt": ["WorkerExecutionRole", "Arn"] },
      { "Fn::GetAtt": ["WorkerTaskRole", "Arn"] },
    ]);
    expect(statements[2]!.Condition).toEqual({ StringEquals: { "ecs:CreateAction": "RunTask" } });
    expect(JSON.stringify(statements).includes('"*"')).toBe(false);
  });

  test("the environment's group, failure alarm and failed-run rule; none without schedules", () => {
    const rendered = render(schedule("0 3 * * *"));
    expect(resource(rendered, "ScheduleGroup").Properties).toEqual({ Name: "shop-default" });
    expect(resource(rendered, "ScheduleFailuresAlarm").Properties).toMatchObject({
      Namespace: "AWS/Scheduler",
      MetricName: "TargetErrorCount",
      AlarmActions: [{ Ref: "AlertsTopic" }],
    });
    const rule = resource(rendered, "ScheduledRunFailedRule").Properties as Props;
    expect(rule.EventPattern.detail).toMatchObject({
      lastStatus: ["STOPPED"],
      group: [{ prefix: "berth-schedule:" }],
      $or: [{ containers: { exitCode: [{ "anything-but": 0 }] } }, { stopCode: ["TaskFailedToStart"] }],
    });
    expect(rule.Targets[0].Arn).toEqual({ Ref: "AlertsTopic" });
    expect(Object.keys(resources(render(app("")), "AWS::Scheduler::ScheduleGroup"))).toEqual([]);
    expect(Object.keys(resources(render(app("")), "AWS::Events::Rule"))).toEqual([]);
  });

  test("`berth run --schedule` runs the schedule's service and command", () => {
    const m = manifestOf(schedule("0 3 * * *"));
    expect(scheduleRun(m, "report")).toEqual({ service: "worker", command: ["python", "manage.py", "report"] });
    expect(scheduleRun(m, "nope")).toBeUndefined();
  });
});

describe("exec", () => {
  test("on: the service enables ECS Exec and its task role may open the SSM channels", () => {
    const rendered = render(app("exec: true\n"));
    expect(rendered.serviceDefinitions.web!.enableExecuteCommand).toBe(true);
    const policies = (resource(rendered, "WebTaskRole").Properties as Props).Policies as Props[];
    expect(policies.flatMap((p) => p.PolicyDocument.Statement).find((s: Props) => s.Sid === "EcsExec")).toEqual({
      Sid: "EcsExec",
      Effect: "Allow",
      Action: [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ],
      Resource: "*",
    });
  });

  test("off by default, and off in production unless its environment turns it on", () => {
    const rendered = render(app("environments: { production: {}, staging: { exec: true } }\n"), { env: "production" });
    expect(rendered.serviceDefinitions.web!.enableExecuteCommand).toBe(false);
    expect(JSON.stringify(resource(rendered, "WebTaskRole"))).not.toContain("ssmmessages");
    const staging = render(app("environments: { production: {}, staging: { exec: true } }\n"), { env: "staging" });
    expect(staging.serviceDefinitions.web!.enableExecuteCommand).toBe(true);
  });
});
