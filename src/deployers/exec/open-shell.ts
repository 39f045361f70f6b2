import { EXIT, UserError } from "../../exit-codes.js";
import { logicalId, serviceStackName, stackName } from "../../manifest/names.js";
import type { Manifest } from "../../manifest/types.js";
import { execContainer, execNotes, firstExecProblem, taskId, type ExecObservation } from "./exec-checks.js";
import type { ExecPort, TaskFacts } from "./exec-port.js";

export interface ShellRequest {
  service: string;
  /** A task id or ARN (--task); else a running task of the service. */
  task?: string;
  /** What runs in the container: a shell unless given. */
  command: string;
}

/**
 * `berth exec`: checks what ECS Exec needs, naming the first thing missing with its fix,
 * then opens the session. Reads stop at the first check that fails, as later ones depend on it.
 */
export async function openShell(
  m: Manifest,
  port: ExecPort,
  request: ShellRequest,
  note: (line: string) => void,
): Promise<number> {
  const cluster = stackName(m.app, m.environment);
  const observation: ExecObservation = {
    service: request.service,
    environment: m.environment,
    pluginOnPath: await port.pluginOnPath(),
    ...(request.task ? { taskAsked: request.task } : {}),
  };
  const facts = await port.service(cluster, request.service);
  if (facts) observation.facts = facts;
  if (facts?.enableExecuteCommand) {
    const task = request.task
      ? await ownTask(port, cluster, request.service, request.task)
      : readiest(await port.runningTasks(cluster, request.service), request.service);
    if (task) observation.task = task;
  }
  if (observation.task) {
    const actions = await port.taskRoleActions(
      serviceStackName(m.app, m.environment, request.service),
      `${logicalId(request.service)}TaskRole`,
    );
    if (actions) observation.taskRoleActions = actions;
  }
  const problem = firstExecProblem(m, observation);
  if (problem) throw new UserError(problem.message, EXIT.failure, problem.fix);
  // No problem means the service, a task and its container were all found.
  const task = observation.task!;
  const container = execContainer(task, request.service)!;
  for (const line of execNotes(m, facts!)) note(line);
  note(`opening ${request.command} in ${request.service} task ${taskId(task.taskArn)} (Ctrl-D or exit to leave)`);
  return port.connect({
    cluster,
    taskArn: task.taskArn,
    container: container.name,
    runtimeId: container.runtimeId ?? "",
    command: request.command,
  });
}

/** A task asked for by id is the service's own only: another service's task would run another image. */
async function ownTask(port: ExecPort, cluster: string, service: string, task: string) {
  const found = await port.task(cluster, task);
  return found && found.lastStatus === "RUNNING" && found.group === `service:${service}` ? found : undefined;
}

/** A running task whose agent runs, else any running task (whose check then says what it lacks). */
function readiest(tasks: TaskFacts[], service: string): TaskFacts | undefined {
  const running = tasks.filter((t) => t.lastStatus === "RUNNING");
  return (
    running.find((t) => t.enableExecuteCommand && execContainer(t, service)?.agent?.lastStatus === "RUNNING") ??
    running.find((t) => t.enableExecuteCommand) ??
    running[0]
  );
}
