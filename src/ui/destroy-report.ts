import type { DestroyOutcome } from "../deployers/destroy-environment.js";
import type { BaseDestroyOutcome } from "../deployers/previews/preview-base.js";
import { EXIT } from "../exit-codes.js";
import { PRODUCTION } from "../manifest/environment-defaults.js";
import { answerOnTerminal } from "./confirm.js";
import { reportInfrastructureOutcome } from "./infrastructure.js";
import { paint, type Output } from "./output.js";
import { reportProblems } from "./problems.js";
import { resultLine } from "./json-events.js";

/** What the confirmation says is kept and what goes (docs/manifest.md, "Destroying an environment"). */
export function whatGoes(environment: string, deleteData: boolean): string {
  // Production's service log groups are retained by every stack deletion (src/render/services.ts).
  const production = environment === PRODUCTION;
  if (deleteData)
    return production
      ? ", and ALL ITS DATA (database without a final snapshot, buckets, file systems, dead-letter queues, access and flow logs); the services' log groups are kept"
      : ", and ALL ITS DATA (database without a final snapshot, buckets, file systems, dead-letter queues, log groups)";
  return `; the database leaves a final snapshot, buckets, file systems and dead-letter queues are kept; the services' log groups ${production ? "are kept" : "go"}`;
}

/** Destroying is confirmed by typing the environment's name; `--yes` stands for that in CI. */
export async function confirmDestroy(
  environment: string,
  stack: string,
  deleteData: boolean,
  yes: boolean,
  interactive: boolean,
  out: Output,
  untouched: string[] = [],
): Promise<boolean> {
  out.note(
    `this removes environment ${environment}: its services and stack ${stack}${whatGoes(environment, deleteData)}`,
  );
  if (untouched.length > 0)
    out.note(
      `not touched${deleteData ? ", even with --delete-data" : ""}: ${untouched.join(", ")} — berth did not create them and never deletes them`,
    );
  if (yes) return true;
  if (!interactive) {
    out.note("      not confirmed: no terminal to ask; rerun with --yes to destroy");
    return false;
  }
  return (await answerOnTerminal(`type the environment's name (${environment}) to destroy it: `)) === environment;
}

/** The JSON result of an environment's destroy or the previews' base's: ok when the stack is gone. */
function destroyResult(outcome: DestroyOutcome | BaseDestroyOutcome, out: Output): void {
  if (out.json) resultLine(out, { ok: outcome.result === "destroyed" || outcome.result === "absent", ...outcome });
}

function nothingToDestroy(stackName: string, out: Output): number {
  out.note(`stack ${stackName} does not exist; nothing to destroy`);
  return EXIT.ok;
}

function destroyedLine(stackName: string, out: Output): number {
  if (!out.json) out.line(`${paint.green(out, "ok")} stack ${stackName} destroyed`);
  return EXIT.ok;
}

export function reportDestroyed(outcome: DestroyOutcome, out: Output): number {
  destroyResult(outcome, out);
  switch (outcome.result) {
    case "absent":
      return nothingToDestroy(outcome.stackName, out);
    case "destroyed":
      if (outcome.leftStacks)
        out.note(
          `stack ${outcome.stackName} was already gone; deleted the stacks an interrupted destroy left: ${outcome.leftStacks.join(", ")}`,
        );
      if (outcome.services.length > 0) out.note(`services removed: ${outcome.services.join(", ")}`);
      for (const kept of outcome.kept) out.note(`  kept ${kept}`);
      return destroyedLine(outcome.stackName, out);
    case "invalid":
      reportProblems(outcome.problems, out, "berth destroy");
      return EXIT.usage;
    case "failed":
      if (outcome.services.length > 0) out.note(`services removed: ${outcome.services.join(", ")}`);
      else out.note("no service was removed: the environment still runs");
      reportInfrastructureOutcome(outcome.step, out);
      return EXIT.failure;
  }
}

export function reportBaseDestroyed(outcome: BaseDestroyOutcome, out: Output): number {
  destroyResult(outcome, out);
  switch (outcome.result) {
    case "absent":
      return nothingToDestroy(outcome.stackName, out);
    case "destroyed":
      return destroyedLine(outcome.stackName, out);
    case "refused":
      out.note(
        `error: previews still run on ${outcome.stackName}: ${outcome.previews.join(", ")}\n      fix: destroy them first (berth destroy -e ${outcome.previews[0]} --yes, or berth destroy --expired), then rerun`,
      );
      return EXIT.refused;
    case "failed":
      reportInfrastructureOutcome(outcome.step, out);
      return EXIT.failure;
  }
}
