import type { DiagnosisPort, StoppedTask } from "../deployers/release/diagnose.js";
import { withAwsFailures } from "./aws-failure.js";
import { lazyClient, lazyCloudWatch, lazyEcs, lazyElb } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/**
 * The diagnosis port over ECS, ELBv2, CloudWatch and CloudWatch Logs.
 * ECS keeps stopped tasks for about an hour
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-errors.html),
 * long enough for a diagnosis made right after the release.
 */
export function diagnosisPort(settings: AwsSettings): DiagnosisPort {
  const config = clientConfig(settings);
  const ecs = lazyEcs(config);
  const elb = lazyElb(config);
  const cloudwatch = lazyCloudWatch(config);
  const logs = lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-cloudwatch-logs");
    return { sdk, client: new sdk.CloudWatchLogsClient(config) };
  });
  return withAwsFailures("diagnosis", {
    async stoppedTasks(cluster, service) {
      const { sdk, client } = await ecs();
      const arns =
        (
          await client.send(
            new sdk.ListTasksCommand({ cluster, serviceName: service, desiredStatus: "STOPPED", maxResults: 100 }),
          )
        ).taskArns ?? [];
      if (arns.length === 0) return [];
      const described = await client.send(new sdk.DescribeTasksCommand({ cluster, tasks: arns }));
      return (described.tasks ?? []).map((t): StoppedTask => ({
        taskArn: t.taskArn ?? "",
        taskDefinition: t.taskDefinitionArn ?? "",
        ...(t.stoppedAt ? { stoppedAt: t.stoppedAt.getTime() } : {}),
        ...(t.stoppedReason ? { stoppedReason: t.stoppedReason } : {}),
        containers: (t.containers ?? []).map((c) => ({
          name: c.name ?? "",
          ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
          ...(c.reason ? { reason: c.reason } : {}),
        })),
      }));
    },
    async containerLogs(taskDefinition) {
      const { sdk, client } = await ecs();
      const described = await client.send(new sdk.DescribeTaskDefinitionCommand({ taskDefinition }));
      return (described.taskDefinition?.containerDefinitions ?? []).flatMap((c) => {
        const options = c.logConfiguration?.logDriver === "awslogs" ? c.logConfiguration.options : undefined;
        const group = options?.["awslogs-group"];
        if (!c.name || !group) return [];
        const prefix = options["awslogs-stream-prefix"];
        return [{ container: c.name, group, ...(prefix ? { streamPrefix: prefix } : {}) }];
      });
    },
    async targetHealth(targetGroupArn) {
      const { sdk, client } = await elb();
      const described = await client.send(new sdk.DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
      return (described.TargetHealthDescriptions ?? []).map((d) => ({
        id: `${d.Target?.Id ?? "?"}${d.Target?.Port ? `:${d.Target.Port}` : ""}`,
        state: d.TargetHealth?.State ?? "unknown",
        ...(d.TargetHealth?.Reason ? { reason: d.TargetHealth.Reason } : {}),
        ...(d.TargetHealth?.Description ? { description: d.TargetHealth.Description } : {}),
      }));
    },
    async alarms(names) {
      const { sdk, client } = await cloudwatch();
      const described = await client.send(new sdk.DescribeAlarmsCommand({ AlarmNames: names }));
      return (described.MetricAlarms ?? []).map((a) => ({
        name: a.AlarmName ?? "",
        state: a.StateValue ?? "INSUFFICIENT_DATA",
        ...(a.StateReason ? { reason: a.StateReason } : {}),
      }));
    },
    async lastLogLines(group, stream, limit) {
      const { sdk, client } = await logs();
      try {
        const events = await client.send(
          new sdk.GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit, startFromHead: false }),
        );
        return (events.events ?? []).map((e) => (e.message ?? "").trimEnd());
      } catch (error) {
        // A task that never started wrote no stream: no lines, not a failed diagnosis.
        if ((error as { name?: string }).name === "ResourceNotFoundException") return [];
        throw error;
      }
    },
  });
}
