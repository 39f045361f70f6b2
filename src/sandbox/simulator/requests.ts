import { taskLogs } from "./task-logs.js";
import { revisionOf, type World } from "./world.js";

/**
 * A request the load balancer forwarded to a target group: one of its healthy tasks
 * answers (the `turn`-th, in rotation), as its revision would — 500 for a revision with
 * the "smoke" or "health" fault, else 200 — and logs it. Undefined when no target is
 * healthy (the ALB then answers 503).
 */
export function answerRequest(
  world: World,
  targetGroupArn: string,
  request: { method: string; path: string; turn: number; now: number },
) {
  const healthy = world.fleet
    .registeredIn(targetGroupArn)
    .filter((t) => t.lastStatus === "RUNNING" && t.health === "healthy");
  const task = healthy[request.turn % Math.max(1, healthy.length)];
  if (!task) return undefined;
  const status = task.fault === "smoke" || task.fault === "unhealthy" ? 500 : 200;
  const container = task.containers.find((c) => c.essential)?.name ?? "app";
  world.fleet.log(task, container, taskLogs.answered(request.method, request.path, status), request.now);
  const taskDefinition = revisionOf(world, task.revisionArn)?.revision.taskDefinition ?? "?";
  const body =
    status === 200
      ? `berth sandbox: task ${task.taskArn.split("/").pop()} of ${taskDefinition} answered ${request.method} ${request.path}\n`
      : "Internal Server Error\n";
  return { status, body };
}
