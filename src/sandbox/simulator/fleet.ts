import { createHash } from "node:crypto";
import type { Task, TaskContainer, TaskFault, TaskLogLine } from "./model.js";
import { essentialContainer, taskLogs } from "./task-logs.js";

/**
 * How long things take. Defaults follow berth's rendered settings (docs/architecture.md, "Budgets":
 * 5 s interval, healthy threshold 2) and ALB semantics: a target becomes healthy after
 * HealthyThresholdCount consecutive passing checks and unhealthy after
 * UnhealthyThresholdCount failures, and deregistration waits for the delay
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html).
 */
export interface Timing {
  taskStartMs: number;
  healthCheckIntervalMs: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  deregistrationDelayMs: number;
  /** How long a task with the "crash" fault runs before its essential container exits. */
  crashAfterMs: number;
}

export const DEFAULT_TIMING: Timing = {
  taskStartMs: 20_000,
  healthCheckIntervalMs: 5_000,
  healthyThreshold: 2,
  unhealthyThreshold: 3,
  deregistrationDelayMs: 15_000,
  crashAfterMs: 5_000,
};

const MAX_UNCOPIED_LINES = 10_000;

/** A task that stopped on its own this tick: what the circuit breaker counts. */
export interface TaskFailure {
  task: Task;
  reason: string;
}

/**
 * The simulated tasks of every service and their health: target health checks for tasks
 * in a target group, a container health check with the same timing for the others.
 */
export class Fleet {
  readonly tasks: Task[] = [];
  /** Lines the containers wrote since the sandbox last copied them into CloudWatch Logs. */
  private logs: TaskLogLine[] = [];
  private sequence = 0;

  constructor(private readonly timing: Timing) {}

  launch(
    revisionArn: string,
    targetGroupArn: string | undefined,
    fault: TaskFault,
    containers: readonly TaskContainer[],
    now: number,
  ): Task {
    this.sequence += 1;
    const task: Task = {
      // 32 hex digits like AWS's task ids, distinct in their first characters as AWS's are.
      taskArn: `${taskArnPrefix(revisionArn)}${createHash("sha256").update(String(this.sequence)).digest("hex").slice(0, 32)}`,
      revisionArn,
      lastStatus: "PROVISIONING",
      desiredStatus: "RUNNING",
      launchedAt: now,
      ip: `10.0.${Math.floor(this.sequence / 250)}.${(this.sequence % 250) + 4}`,
      health: "initial",
      passes: 0,
      failures: 0,
      fault,
      containers: containers.map((c) => ({ ...c })),
      ...(targetGroupArn ? { targetGroupArn } : {}),
    };
    this.tasks.push(task);
    return task;
  }

  /** Stops a task; one registered in a target group drains for the deregistration delay first. */
  stop(task: Task, reason: string, now: number): void {
    if (task.desiredStatus === "STOPPED") return;
    task.desiredStatus = "STOPPED";
    task.stoppedReason = reason;
    if (task.targetGroupArn && task.lastStatus === "RUNNING") {
      task.health = "draining";
      task.drainedAt = now + this.timing.deregistrationDelayMs;
    } else {
      this.finish(task, now);
    }
  }

  /** Tasks the scheduler still wants running for a revision (launching, running, not draining). */
  live(revisionArn: string): Task[] {
    return this.tasks.filter((t) => t.revisionArn === revisionArn && t.desiredStatus === "RUNNING");
  }

  /** Ready: RUNNING and passing its health checks. */
  ready(revisionArn: string): Task[] {
    return this.live(revisionArn).filter((t) => t.lastStatus === "RUNNING" && t.health === "healthy");
  }

  registeredIn(targetGroupArn: string): Task[] {
    return this.tasks.filter((t) => t.targetGroupArn === targetGroupArn && t.lastStatus !== "STOPPED");
  }

  tick(now: number): TaskFailure[] {
    const failures: TaskFailure[] = [];
    for (const task of this.tasks) {
      if (task.lastStatus === "STOPPED") continue;
      if (task.health === "draining") {
        if (now >= (task.drainedAt ?? now)) this.finish(task, now);
        continue;
      }
      if (task.lastStatus === "PROVISIONING" && now - task.launchedAt >= this.timing.taskStartMs) {
        task.lastStatus = "RUNNING";
        task.nextCheckAt = now + this.timing.healthCheckIntervalMs;
        for (const container of task.containers) this.log(task, container.name, taskLogs.started(container.name), now);
      }
      if (task.lastStatus !== "RUNNING") continue;
      const failure = this.crash(task, now) ?? this.check(task, now);
      if (failure) failures.push(failure);
    }
    return failures;
  }

  private crash(task: Task, now: number): TaskFailure | undefined {
    if (task.fault !== "crash" || now - task.launchedAt - this.timing.taskStartMs < this.timing.crashAfterMs)
      return undefined;
    // Essential container exits: the task stops at once, without draining.
    const reason = "Essential container in task exited";
    const failed = task.containers.find((c) => c.name === essentialContainer(task));
    if (failed) {
      failed.exitCode = 1;
      for (const line of taskLogs.crashed(failed.name)) this.log(task, failed.name, line, now);
    }
    task.desiredStatus = "STOPPED";
    task.stoppedReason = reason;
    this.finish(task, now);
    return { task, reason };
  }

  private check(task: Task, now: number): TaskFailure | undefined {
    if (task.nextCheckAt === undefined || now < task.nextCheckAt) return undefined;
    task.nextCheckAt = now + this.timing.healthCheckIntervalMs;
    if (task.fault === "unhealthy") {
      task.passes = 0;
      task.failures += 1;
      const container = essentialContainer(task);
      if (container) this.log(task, container, taskLogs.failedHealthCheck(), now);
      if (task.failures < this.timing.unhealthyThreshold) return undefined;
      task.health = "unhealthy";
      // ECS replaces a task its load balancer (or, without one, its container health check) reports unhealthy.
      const reason = task.targetGroupArn
        ? `Task failed ELB health checks in (target-group ${task.targetGroupArn})`
        : "Task failed container health checks";
      this.stop(task, reason, now);
      return { task, reason };
    }
    task.failures = 0;
    task.passes += 1;
    if (task.passes >= this.timing.healthyThreshold) task.health = "healthy";
    return undefined;
  }

  /** Something a task's container wrote; copied into CloudWatch Logs by the sandbox. */
  log(task: Task, container: string, message: string, now: number): void {
    this.logs.push({ taskArn: task.taskArn, revisionArn: task.revisionArn, container, at: now, message });
    // Nobody copies the lines in a bare simulator (unit tests): keep the newest only.
    if (this.logs.length > MAX_UNCOPIED_LINES) this.logs.splice(0, this.logs.length - MAX_UNCOPIED_LINES);
  }

  /** The lines written since the last call. */
  takeLogs(): TaskLogLine[] {
    const taken = this.logs;
    this.logs = [];
    return taken;
  }

  private finish(task: Task, now: number): void {
    task.lastStatus = "STOPPED";
    task.stoppedAt = now;
    task.health = "unregistered";
  }
}

/** arn:aws:ecs:REGION:ACCOUNT:service-revision/CLUSTER/SERVICE/N → arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ */
function taskArnPrefix(revisionArn: string): string {
  const [prefix = "arn:aws:ecs:us-east-1:123456789012", path = ""] = revisionArn.split(":service-revision/");
  return `${prefix}:task/${path.split("/")[0] ?? "default"}/`;
}
