import { callMoto } from "./moto-call.js";
import type { AlarmChange } from "./simulator/alarm-fault.js";
import type { TaskContainer, TaskLogLine } from "./simulator/model.js";

const JSON_1_1 = "application/x-amz-json-1.1";
const FORM = "application/x-www-form-urlencoded; charset=utf-8";

/** A container of a task definition, with where its awslogs driver writes. */
export interface ContainerLogSettings extends TaskContainer {
  group?: string;
  streamPrefix?: string;
  /** BERTH_SANDBOX_FAIL in the container's environment: a fault for this task definition alone. */
  fault?: string;
}

/**
 * What the simulator produces that moto should hold, so berth reads it back through the
 * real APIs: the lines simulated containers write (CloudWatch Logs, in the stream the
 * awslogs driver would use: prefix/container/task id,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html) and the
 * states of the alarms deployments watch (CloudWatch; the stack's alarms are stand-ins, so
 * the sandbox keeps one alarm of that name in moto).
 */
export function motoMirror(motoEndpoint: string, region: string, wallClock: () => number = Date.now) {
  const settings = new Map<string, ContainerLogSettings[]>();
  const streams = new Set<string>();
  const alarms = new Set<string>();
  const json = async (service: string, target: string, body: unknown) =>
    callMoto(motoEndpoint, {
      region,
      service,
      headers: { "content-type": JSON_1_1, "x-amz-target": target },
      body: JSON.stringify(body),
    });
  const query = async (service: string, params: Record<string, string>) =>
    callMoto(motoEndpoint, {
      region,
      service,
      headers: { "content-type": FORM },
      body: new URLSearchParams(params).toString(),
    });

  async function ensureStream(group: string, stream: string): Promise<void> {
    const key = `${group}\n${stream}`;
    if (streams.has(key)) return;
    // The stack creates the log group; create it too when it is missing, like the awslogs-create-group option.
    await json("logs", "Logs_20140328.CreateLogGroup", { logGroupName: group });
    await json("logs", "Logs_20140328.CreateLogStream", { logGroupName: group, logStreamName: stream });
    streams.add(key);
  }

  async function ensureAlarm(name: string): Promise<void> {
    if (alarms.has(name)) return;
    const put = await query("monitoring", {
      Action: "PutMetricAlarm",
      Version: "2010-08-01",
      AlarmName: name,
      AlarmDescription: "berth sandbox: stands in for the stack's alarm of this name",
      Namespace: "berth/sandbox",
      MetricName: name,
      Statistic: "Sum",
      Period: "60",
      EvaluationPeriods: "2",
      Threshold: "5",
      ComparisonOperator: "GreaterThanThreshold",
    });
    if (put.status === 200) alarms.add(name);
  }

  return {
    /** Reads a task definition's containers from moto (ECS DescribeTaskDefinition); undefined when moto has none. */
    async taskDefinition(taskDefinition: string): Promise<ContainerLogSettings[] | undefined> {
      const known = settings.get(taskDefinition);
      if (known) return known;
      const answer = await json("ecs", "AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition", { taskDefinition });
      if (answer.status !== 200) return undefined;
      const parsed = JSON.parse(answer.text) as { taskDefinition?: { containerDefinitions?: ContainerDefinition[] } };
      const containers = (parsed.taskDefinition?.containerDefinitions ?? []).map(logSettingsOf);
      settings.set(taskDefinition, containers);
      return containers;
    },

    /** Copies lines into the streams of their containers; lines of unknown containers or without awslogs are dropped. */
    async writeLogs(
      lines: TaskLogLine[],
      taskDefinitionOf: (revisionArn: string) => string | undefined,
    ): Promise<void> {
      const batches = new Map<
        string,
        { group: string; stream: string; events: { timestamp: number; message: string }[] }
      >();
      const now = wallClock();
      for (const line of lines) {
        const taskDefinition = taskDefinitionOf(line.revisionArn);
        const container = taskDefinition
          ? settings.get(taskDefinition)?.find((c) => c.name === line.container)
          : undefined;
        if (!container?.group || !container.streamPrefix) continue;
        const stream = `${container.streamPrefix}/${line.container}/${line.taskArn.slice(line.taskArn.lastIndexOf("/") + 1)}`;
        const key = `${container.group}\n${stream}`;
        const batch = batches.get(key) ?? { group: container.group, stream, events: [] };
        // Simulated time may run ahead of the wall clock (--speed); CloudWatch refuses events from the future.
        batch.events.push({ timestamp: Math.min(line.at, now), message: line.message });
        batches.set(key, batch);
      }
      for (const batch of batches.values()) {
        await ensureStream(batch.group, batch.stream);
        await json("logs", "Logs_20140328.PutLogEvents", {
          logGroupName: batch.group,
          logStreamName: batch.stream,
          logEvents: batch.events,
        });
      }
    },

    /** Makes sure each alarm a deployment watches exists in moto. */
    async watchAlarms(names: string[]): Promise<void> {
      for (const name of names) await ensureAlarm(name);
    },

    async setAlarmStates(changes: AlarmChange[]): Promise<void> {
      for (const change of changes) {
        await ensureAlarm(change.name);
        await query("monitoring", {
          Action: "SetAlarmState",
          Version: "2010-08-01",
          AlarmName: change.name,
          StateValue: change.state,
          StateReason: change.reason,
        });
      }
    },
  };
}

export type MotoMirror = ReturnType<typeof motoMirror>;

interface ContainerDefinition {
  name?: string;
  essential?: boolean;
  environment?: { name?: string; value?: string }[];
  logConfiguration?: { logDriver?: string; options?: Record<string, string> };
}

function logSettingsOf(c: ContainerDefinition): ContainerLogSettings {
  const options = c.logConfiguration?.logDriver === "awslogs" ? c.logConfiguration.options : undefined;
  const group = options?.["awslogs-group"];
  const streamPrefix = options?.["awslogs-stream-prefix"];
  const fault = c.environment?.find((e) => e.name === "BERTH_SANDBOX_FAIL")?.value;
  // A container is essential unless its definition says otherwise.
  return {
    name: c.name ?? "app",
    essential: c.essential !== false,
    ...(group ? { group } : {}),
    ...(streamPrefix ? { streamPrefix } : {}),
    ...(fault ? { fault } : {}),
  };
}
