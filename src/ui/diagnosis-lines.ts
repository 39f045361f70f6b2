import type { Diagnosis } from "../deployers/release/diagnose.js";

/** The diagnosis as plain lines for a report; it holds AWS's reasons and log lines, never the task's settings. */
export function diagnosisLines(d: Diagnosis): string[] {
  const lines: string[] = [];
  if (d.failedCheck) lines.push(`failed check: ${d.failedCheck}`);
  for (const alarm of d.alarms.filter((a) => a.state === "ALARM"))
    lines.push(`alarm ${alarm.name}: ALARM${alarm.reason ? ` (${alarm.reason})` : ""}`);
  for (const task of d.stoppedTasks) {
    const exits = task.containers
      .filter((c) => c.exitCode !== undefined || c.reason)
      .map(
        (c) =>
          `${c.name} ${[c.exitCode !== undefined ? `exit code ${c.exitCode}` : "", c.reason ?? ""].filter(Boolean).join(", ")}`,
      );
    const why = task.stoppedReason ?? "no reason given";
    lines.push(`stopped task ${shortTaskId(task.taskArn)}: ${why}${exits.length > 0 ? ` (${exits.join("; ")})` : ""}`);
  }
  for (const target of d.targets) {
    const why = [target.reason, target.description].filter(Boolean).join(": ");
    lines.push(`target ${target.id}: ${target.state}${why ? ` (${why})` : ""}`);
  }
  for (const log of d.logs) {
    lines.push(`last ${log.lines.length} log lines of ${log.container} in task ${shortTaskId(log.taskId)}:`);
    for (const line of log.lines) lines.push(`  | ${line}`);
  }
  if (lines.length === 0) lines.push("no stopped tasks, unhealthy targets, alarms or logs explain it");
  return lines;
}

function shortTaskId(taskArnOrId: string): string {
  return taskArnOrId.slice(taskArnOrId.lastIndexOf("/") + 1).slice(0, 12);
}
