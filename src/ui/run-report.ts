import { diagnosisLines } from "./diagnosis-lines.js";
import type { RunOutcome } from "../deployers/one-off/run-in-environment.js";
import type { OneOffEvent } from "../deployers/one-off/run-one-off-task.js";
import { oneOffDiagnosis } from "../deployers/one-off/run-one-off-task.js";
import { endSummary } from "../deployers/one-off/task-end.js";
import type { Output } from "./output.js";

/**
 * `berth run`: the task's log lines on stdout, as if the command ran here; berth's own
 * lines on stderr; `--json` one object at the end instead of the lines.
 */
export function runView(out: Output, service: string) {
  return {
    event(event: OneOffEvent): void {
      if (event.type === "started") out.note(`berth: started ${event.taskArn}`);
      else if (event.type === "status") out.note(`berth: task ${event.status}`);
      else if (event.type === "log") {
        if (!out.json) out.line(event.line);
      } else out.note(`berth: ${event.reason}`);
    },
    stopping(taskArn: string): void {
      out.note(`berth: stopping ${taskArn} (StopTask)`);
    },
    /** The last word, and the exit code: the task's; 130 when interrupted. */
    ended(outcome: RunOutcome, interrupted: boolean): number {
      const { end, record } = outcome;
      const code = interrupted ? 130 : outcome.exitCode;
      if (out.json)
        out.line(
          JSON.stringify({
            service,
            taskDefinition: outcome.taskDefinition,
            ...(outcome.taskArn ? { taskArn: outcome.taskArn } : {}),
            outcome: record.outcome,
            ...(end ? { end: end.kind, summary: endSummary(end) } : {}),
            ...(record.run?.exitCode !== undefined ? { exitCode: record.run.exitCode } : {}),
            record: record.id,
          }),
        );
      if (!end) {
        out.note(`berth: ${record.reason ?? "detached"}: ${outcome.taskArn}; its lines: berth logs ${service} -f`);
        return code;
      }
      out.note(`berth: the task ${endSummary(end)} (run ${record.id} in berth releases)`);
      // An exit's lines were streamed as they came; a task that never ran or was stopped says why.
      if (end.kind !== "exited" && end.taskArn)
        for (const line of diagnosisLines(oneOffDiagnosis(end, service))) out.note(`  ${line}`);
      return code;
    },
  };
}
