import type { OneOffState, OneOffTaskPort } from "../deployers/one-off/one-off-port.js";
import { withAwsFailures } from "./aws-failure.js";
import { lazyEcs, lazyLogs } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/**
 * One-off tasks over ECS RunTask, DescribeTasks, StopTask and DescribeServices, and
 * CloudWatch Logs GetLogEvents.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
 */
export function oneOffTaskPort(settings: AwsSettings): OneOffTaskPort {
  const config = clientConfig(settings);
  const ecs = lazyEcs(config);
  const logs = lazyLogs(config);
  return withAwsFailures("ECS", {
    async runTask(request) {
      const { sdk, client } = await ecs();
      const environment = Object.entries(request.environment ?? {}).map(([name, value]) => ({ name, value }));
      const answer = await client.send(
        new sdk.RunTaskCommand({
          cluster: request.cluster,
          taskDefinition: request.taskDefinition,
          count: 1,
          launchType: "FARGATE",
          ...(request.placement.platformVersion ? { platformVersion: request.placement.platformVersion } : {}),
          ...(request.placement.networkConfiguration
            ? { networkConfiguration: request.placement.networkConfiguration }
            : {}),
          startedBy: request.startedBy.slice(0, 36),
          ...(request.group ? { group: request.group } : {}),
          overrides: {
            ...(request.cpu !== undefined ? { cpu: String(request.cpu) } : {}),
            ...(request.memory !== undefined ? { memory: String(request.memory) } : {}),
            containerOverrides: [
              {
                name: request.container,
                command: request.command,
                ...(environment.length > 0 ? { environment } : {}),
              },
            ],
          },
        }),
      );
      const taskArn = answer.tasks?.[0]?.taskArn;
      if (taskArn) return { taskArn };
      const failure = answer.failures?.[0];
      return { failure: [failure?.reason, failure?.detail].filter(Boolean).join(": ") || "ECS started no task" };
    },
    async describeTask(cluster, taskArn) {
      const { sdk, client } = await ecs();
      const answer = await client.send(new sdk.DescribeTasksCommand({ cluster, tasks: [taskArn] }));
      const task = answer.tasks?.[0];
      if (!task) return undefined;
      // berth overrides the command of the container named after the service; its exit is the task's.
      const container = task.containers?.find((c) => c.exitCode !== undefined) ?? task.containers?.[0];
      const state: OneOffState = {
        taskArn: task.taskArn ?? taskArn,
        lastStatus: task.lastStatus ?? "PROVISIONING",
        ...(task.stopCode ? { stopCode: task.stopCode } : {}),
        ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
        ...(container?.exitCode !== undefined ? { exitCode: container.exitCode } : {}),
        ...(container?.reason ? { containerReason: container.reason } : {}),
      };
      return state;
    },
    async stopTask(cluster, task, reason) {
      const { sdk, client } = await ecs();
      // StopTask's reason is at most 255 characters.
      await client.send(new sdk.StopTaskCommand({ cluster, task, reason: reason.slice(0, 255) }));
    },
    async servicePlacement(cluster, service) {
      const { sdk, client } = await ecs();
      const answer = await client.send(new sdk.DescribeServicesCommand({ cluster, services: [service] }));
      const found = answer.services?.find((s) => s.status !== "INACTIVE");
      if (!found) return undefined;
      return {
        ...(found.networkConfiguration ? { networkConfiguration: found.networkConfiguration } : {}),
        ...(found.platformVersion ? { platformVersion: found.platformVersion } : {}),
      };
    },
    async readLog(group, stream, token) {
      const { sdk, client } = await logs();
      try {
        const page = await client.send(
          new sdk.GetLogEventsCommand({
            logGroupName: group,
            logStreamName: stream,
            startFromHead: true,
            ...(token ? { nextToken: token } : {}),
          }),
        );
        const lines = (page.events ?? []).map((e) => (e.message ?? "").trimEnd());
        return { lines, ...(page.nextForwardToken ? { token: page.nextForwardToken } : {}) };
      } catch (error) {
        // The stream appears when the container first writes: until then there is nothing to read.
        if ((error as { name?: string }).name === "ResourceNotFoundException")
          return token ? { lines: [], token } : { lines: [] };
        throw error;
      }
    },
  });
}
