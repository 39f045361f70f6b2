/**
 * Why a release failed, read from AWS after ECS rolled it back or berth gave up: the tasks
 * of the failed revision that stopped (reason, container exit codes), the target health
 * reason codes of its target groups, the alarms the deployment watched, the check berth
 * ran that failed, and the last log lines of the containers that failed.
 */
export interface Diagnosis {
  stoppedTasks: {
    taskArn: string;
    stoppedReason?: string;
    containers: { name: string; exitCode?: number; reason?: string }[];
  }[];
  targets: { id: string; state: string; reason?: string; description?: string }[];
  alarms: { name: string; state: string; reason?: string }[];
  /** Passed in by the release engine: the smoke or health check berth ran that failed. */
  failedCheck?: string;
  /** The last lines of failed containers (CloudWatch Logs). */
  logs: { container: string; taskId: string; lines: string[] }[];
}

export interface StoppedTask {
  taskArn: string;
  taskDefinition: string;
  stoppedAt?: number;
  stoppedReason?: string;
  containers: { name: string; exitCode?: number; reason?: string }[];
}

/** Where a container's awslogs driver writes: the stream is `<prefix>/<container>/<task id>`. */
export interface ContainerLogs {
  container: string;
  group: string;
  streamPrefix?: string;
}

/** The reads a diagnosis needs: ECS, ELBv2, CloudWatch and CloudWatch Logs. */
export interface DiagnosisPort {
  /** ECS ListTasks (desiredStatus STOPPED) and DescribeTasks for a service. */
  stoppedTasks(cluster: string, service: string): Promise<StoppedTask[]>;
  /** ECS DescribeTaskDefinition: each container's awslogs group and stream prefix. */
  containerLogs(taskDefinition: string): Promise<ContainerLogs[]>;
  /** ELBv2 DescribeTargetHealth. */
  targetHealth(targetGroupArn: string): Promise<Diagnosis["targets"]>;
  /** CloudWatch DescribeAlarms. */
  alarms(names: string[]): Promise<Diagnosis["alarms"]>;
  /** CloudWatch Logs GetLogEvents: the last `limit` messages of a stream; none when it does not exist. */
  lastLogLines(group: string, stream: string, limit: number): Promise<string[]>;
}

export interface DiagnosisInput {
  cluster: string;
  service: string;
  /** The task definition of the release that failed. */
  taskDefinition: string;
  targetGroupArns: string[];
  alarmNames: string[];
  failedCheck?: string;
}

export const LOG_LINES = 20;
// A diagnosis reads a few tasks, not every restart of a crash loop.
const TASKS_SHOWN = 3;

export async function diagnoseFailedRelease(port: DiagnosisPort, input: DiagnosisInput): Promise<Diagnosis> {
  const [stopped, targets, alarms] = await Promise.all([
    port.stoppedTasks(input.cluster, input.service),
    Promise.all(input.targetGroupArns.map((arn) => port.targetHealth(arn))),
    input.alarmNames.length > 0 ? port.alarms(input.alarmNames) : Promise.resolve([]),
  ]);
  const failedTasks = tasksOfRevision(stopped, input.taskDefinition).slice(0, TASKS_SHOWN);
  const logs = failedTasks.length > 0 ? await logsOf(port, input.taskDefinition, failedTasks) : [];
  return {
    stoppedTasks: failedTasks.map(({ taskArn, stoppedReason, containers }) => ({
      taskArn,
      ...(stoppedReason ? { stoppedReason } : {}),
      containers,
    })),
    targets: targets.flat().filter((t) => t.state !== "healthy"),
    alarms,
    ...(input.failedCheck ? { failedCheck: input.failedCheck } : {}),
    logs,
  };
}

/** The stopped tasks of the failed revision, newest first. */
export function tasksOfRevision(tasks: StoppedTask[], taskDefinition: string): StoppedTask[] {
  return tasks
    .filter((t) => t.taskDefinition === taskDefinition)
    .sort((a, b) => (b.stoppedAt ?? 0) - (a.stoppedAt ?? 0));
}

/**
 * The containers whose logs say why: those that exited with an error; when none did (a
 * task stopped for failing health checks), every container of the newest stopped task.
 */
export function failedContainers(tasks: StoppedTask[]): { taskArn: string; container: string }[] {
  const exited = tasks.flatMap((t) =>
    t.containers
      .filter((c) => c.exitCode !== undefined && c.exitCode !== 0)
      .map((c) => ({ taskArn: t.taskArn, container: c.name })),
  );
  if (exited.length > 0) return exited;
  const newest = tasks[0];
  return newest ? newest.containers.map((c) => ({ taskArn: newest.taskArn, container: c.name })) : [];
}

async function logsOf(port: DiagnosisPort, taskDefinition: string, tasks: StoppedTask[]): Promise<Diagnosis["logs"]> {
  const settings = await port.containerLogs(taskDefinition);
  const reads = failedContainers(tasks).flatMap(({ taskArn, container }) => {
    const where = settings.find((s) => s.container === container);
    if (!where?.streamPrefix) return [];
    const taskId = taskArn.slice(taskArn.lastIndexOf("/") + 1);
    return [{ container, taskId, group: where.group, stream: `${where.streamPrefix}/${container}/${taskId}` }];
  });
  const read = await Promise.all(
    reads.map(async (r) => ({
      container: r.container,
      taskId: r.taskId,
      lines: await port.lastLogLines(r.group, r.stream, LOG_LINES),
    })),
  );
  // Tasks of a crash loop often end with the same lines: show them once.
  const seen = new Set<string>();
  return read.filter((r) => {
    const key = `${r.container}\n${r.lines.join("\n")}`;
    if (r.lines.length === 0 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
