import type { Task } from "./model.js";

/**
 * What a simulated container writes to its log. The sandbox runs no containers, so every
 * line says it is simulated; a failing container's last lines say why it failed, as a real
 * one's would, so a diagnosis has something true to show.
 */
export const taskLogs = {
  started: (container: string) => `[berth sandbox] ${container}: started (simulated; the sandbox runs no containers)`,
  crashed: (container: string) => [
    `[berth sandbox] ${container}: Error: this version crashes on start (the sandbox's "crash" fault)`,
    `[berth sandbox] ${container}: exiting with code 1`,
  ],
  failedHealthCheck: () =>
    `[berth sandbox] GET health check -> 500 Internal Server Error (this version fails its health checks: the sandbox's "health" fault)`,
  answered: (method: string, path: string, status: number) =>
    `[berth sandbox] ${method} ${path} -> ${status}${status >= 500 ? ' (this version answers 500: the sandbox\'s "smoke" fault)' : ""}`,
};

/** The container that fails first when a task fails: the first essential one. */
export function essentialContainer(task: Task): string | undefined {
  return (task.containers.find((c) => c.essential) ?? task.containers[0])?.name;
}
