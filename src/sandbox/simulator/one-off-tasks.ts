import { randomBytes } from "node:crypto";
import type { Clock } from "../../time/clock.js";
import type { TaskLogLine } from "./model.js";
import { MOTO_ACCOUNT_ID, SimulatorError } from "./simulator.js";

/** A container of the task definition, as the sandbox read it from moto. */
export interface OneOffContainer {
  name: string;
  /** BERTH_SANDBOX_FAIL in its environment (the task definition's or RunTask's override). */
  fault?: string;
}

export interface RunTaskInput {
  cluster?: string;
  taskDefinition: string;
  startedBy?: string;
  group?: string;
  overrides?: {
    containerOverrides?: { name?: string; command?: string[]; environment?: { name?: string; value?: string }[] }[];
  };
}

/**
 * How a one-off task goes wrong, from BERTH_SANDBOX_FAIL in its environment: `release`
 * exits 1 as a failing migration does; `start` never starts (its image cannot be pulled);
 * `hang` runs until it is stopped, as a migration waiting on a lock does.
 */
export const ONE_OFF_FAULTS = ["release", "start", "hang"] as const;
type OneOffFault = (typeof ONE_OFF_FAULTS)[number];

// Fargate's lifecycle in simulated time: provisioning (ENI), pending (image pull), the
// command's run, then deprovisioning. https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html
export const ONE_OFF_TIMING = { provisionMs: 10_000, pullMs: 10_000, runMs: 5_000, deprovisionMs: 5_000 };
// After StopTask the container gets SIGTERM; a simulated one exits at once.
const STOP_MS = 2_000;

interface OneOffTask {
  taskArn: string;
  clusterArn: string;
  taskDefinition: string;
  container: string;
  command: string[];
  startedBy?: string;
  group?: string;
  fault?: OneOffFault;
  launchedAt: number;
  stop?: { at: number; reason: string };
  /** The lines written so far; each line once, when simulated time reaches it. */
  written: number;
}

/**
 * One-off tasks (RunTask) in the sandbox: no container runs; the task goes through Fargate's
 * states on the simulator's clock, logs its command to CloudWatch Logs in the awslogs
 * stream berth expects, and exits 0 — or fails as BERTH_SANDBOX_FAIL asks.
 */
export class OneOffTasks {
  private readonly tasks = new Map<string, OneOffTask>();

  constructor(
    private readonly clock: Clock,
    private readonly region: string,
  ) {}

  /** ECS RunTask for a task definition whose containers the sandbox read from moto. */
  runTask(input: RunTaskInput, containers: OneOffContainer[]) {
    const first = containers[0];
    if (!first) throw new SimulatorError("ClientException", "TaskDefinition has no containers.");
    const override = input.overrides?.containerOverrides?.find((o) => o.name === first.name);
    const overridden = override?.environment?.find((e) => e.name === "BERTH_SANDBOX_FAIL")?.value;
    const fault = ONE_OFF_FAULTS.find((f) => f === (overridden ?? first.fault));
    const cluster = (input.cluster ?? "default").split("/").pop();
    const taskArn = `arn:aws:ecs:${this.region}:${MOTO_ACCOUNT_ID}:task/${cluster}/${randomBytes(16).toString("hex")}`;
    const task: OneOffTask = {
      taskArn,
      clusterArn: `arn:aws:ecs:${this.region}:${MOTO_ACCOUNT_ID}:cluster/${cluster}`,
      taskDefinition: input.taskDefinition,
      container: first.name,
      command: override?.command ?? [],
      ...(input.startedBy ? { startedBy: input.startedBy } : {}),
      ...(input.group ? { group: input.group } : {}),
      ...(fault ? { fault } : {}),
      launchedAt: this.clock.now(),
      written: 0,
    };
    this.tasks.set(taskArn, task);
    return { tasks: [this.view(task)], failures: [] };
  }

  /** ECS DescribeTasks when every task asked for is a one-off task here; undefined otherwise. */
  describeTasks(input: { tasks: string[] }) {
    const found = input.tasks.map((arn) => this.find(arn));
    if (found.length === 0 || found.some((t) => t === undefined)) return undefined;
    return { tasks: found.map((t) => this.view(t!)), failures: [] };
  }

  /** ECS StopTask of a one-off task; undefined when it is not one. */
  stopTask(input: { task: string; reason?: string }) {
    const task = this.find(input.task);
    if (!task) return undefined;
    task.stop ??= { at: this.clock.now(), reason: input.reason ?? "Task stopped by user" };
    return { task: this.view(task) };
  }

  /** The lines tasks wrote since the last call; `revisionArn` carries the task definition. */
  takeLogs(): TaskLogLine[] {
    const taken: TaskLogLine[] = [];
    for (const task of this.tasks.values()) {
      const due = this.lines(task).filter((l) => l.at <= this.clock.now());
      for (const line of due.slice(task.written))
        taken.push({ taskArn: task.taskArn, revisionArn: task.taskDefinition, container: task.container, ...line });
      task.written = due.length;
    }
    return taken;
  }

  private find(arn: string): OneOffTask | undefined {
    return this.tasks.get(arn) ?? [...this.tasks.values()].find((t) => t.taskArn.endsWith(`/${arn}`));
  }

  /** When the command starts, and when and how the task ends on its own (never, for `hang`). */
  private plan(task: OneOffTask) {
    const running = task.launchedAt + ONE_OFF_TIMING.provisionMs + ONE_OFF_TIMING.pullMs;
    if (task.fault === "start") return { running: undefined, exits: running, exitCode: undefined };
    if (task.fault === "hang") return { running, exits: undefined, exitCode: undefined };
    return { running, exits: running + ONE_OFF_TIMING.runMs, exitCode: task.fault === "release" ? 1 : 0 };
  }

  private lines(task: OneOffTask): { at: number; message: string }[] {
    const { running, exits, exitCode } = this.plan(task);
    const stoppedAt = task.stop ? task.stop.at + STOP_MS : undefined;
    const who = `[berth sandbox] ${task.container}`;
    const lines: { at: number; message: string }[] = [];
    if (running === undefined || (stoppedAt !== undefined && stoppedAt <= running)) return lines;
    lines.push({
      at: running,
      message: `${who}: running ${JSON.stringify(task.command.join(" "))} (simulated; the sandbox runs no containers)`,
    });
    const end = Math.min(exits ?? Infinity, stoppedAt ?? Infinity);
    if (end === stoppedAt) lines.push({ at: end, message: `${who}: received SIGTERM (StopTask), exiting` });
    else if (exitCode === 1)
      lines.push(
        { at: end, message: `${who}: Error: the command failed (the sandbox's "release" fault)` },
        { at: end, message: `${who}: exiting with code 1` },
      );
    else lines.push({ at: end, message: `${who}: exiting with code 0` });
    return lines;
  }

  /** The task as DescribeTasks shows it at the simulator's time. */
  private view(task: OneOffTask) {
    const now = this.clock.now();
    const { running, exits, exitCode } = this.plan(task);
    const pending = task.launchedAt + ONE_OFF_TIMING.provisionMs;
    const requested = task.stop?.at;
    const stoppedByUser = requested !== undefined && (exits === undefined || requested < exits);
    const ended = stoppedByUser ? requested + STOP_MS : exits;
    const stopped = ended !== undefined && now >= ended + ONE_OFF_TIMING.deprovisionMs;
    const lastStatus = stopped
      ? "STOPPED"
      : ended !== undefined && now >= ended
        ? "DEPROVISIONING"
        : running !== undefined && now >= running
          ? "RUNNING"
          : now >= pending
            ? "PENDING"
            : "PROVISIONING";
    const ranCommand = running !== undefined && ended !== undefined && ended > running;
    const code = stoppedByUser ? (ranCommand ? 143 : undefined) : exitCode;
    const pullFailure = `CannotPullContainerError: pull image manifest has been retried 5 time(s): the sandbox's "start" fault`;
    return {
      taskArn: task.taskArn,
      clusterArn: task.clusterArn,
      taskDefinitionArn: task.taskDefinition,
      ...(task.startedBy ? { startedBy: task.startedBy } : {}),
      ...(task.group ? { group: task.group } : {}),
      lastStatus,
      desiredStatus: ended !== undefined && now >= ended ? "STOPPED" : requested !== undefined ? "STOPPED" : "RUNNING",
      launchType: "FARGATE",
      createdAt: new Date(task.launchedAt),
      ...(stopped && ended !== undefined ? { stoppedAt: new Date(ended + ONE_OFF_TIMING.deprovisionMs) } : {}),
      ...(stopped
        ? stoppedByUser
          ? { stopCode: "UserInitiated", stoppedReason: task.stop!.reason }
          : task.fault === "start"
            ? { stopCode: "TaskFailedToStart", stoppedReason: "Task failed to start" }
            : { stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited" }
        : {}),
      containers: [
        {
          name: task.container,
          lastStatus: stopped ? "STOPPED" : lastStatus,
          ...(stopped && code !== undefined ? { exitCode: code } : {}),
          ...(stopped && task.fault === "start" && !stoppedByUser ? { reason: pullFailure } : {}),
        },
      ],
    };
  }
}
