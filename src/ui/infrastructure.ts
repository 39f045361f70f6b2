import type { ChangeSummary } from "../deployers/infrastructure/change-summary.js";
import type { InfrastructureEvent, InfrastructureOutcome } from "../deployers/infrastructure/events.js";
import type { PropertyChange, ResourceChange } from "../deployers/infrastructure/cloudformation-port.js";
import { EXIT } from "../exit-codes.js";
import { paint, type Output } from "./output.js";

/** The change set as a reader wants it: counts, then one line per resource, data loss first. */
export function changeSummaryLines(summary: ChangeSummary, out: Output): string[] {
  const lines: string[] = [];
  for (const risk of summary.risky) {
    lines.push(
      paint.red(out, `  ! ${risk.logicalId} (${risk.resourceType}) will be ${risk.effect}: its data would be lost`),
    );
  }
  const groups: [string, string, ResourceChange[]][] = [
    ["+", "add", summary.added],
    ["~", "modify", summary.modified],
    ["±", "replace", summary.replaced],
    ["-", "remove", summary.removed],
  ];
  for (const [mark, verb, changes] of groups) {
    for (const change of changes) {
      lines.push(`  ${mark} ${verb} ${change.logicalId} (${change.resourceType})`);
      for (const p of change.properties ?? []) lines.push(`      ${propertyLine(p)}`);
    }
  }
  // CloudFormation names each changed property (IncludePropertyValues); an emulator may not.
  if ([...summary.modified, ...summary.replaced].some((c) => c.properties === undefined))
    lines.push(paint.dim(out, "  (the endpoint gave no property-level details for the changes above)"));
  const counts = `${summary.added.length} to add, ${summary.modified.length} to modify, ${summary.replaced.length} to replace, ${summary.removed.length} to remove`;
  return [counts, ...lines];
}

const LONGEST_VALUE = 80;

/** One property a change set changes: before → after where CloudFormation gave them, and whether it recreates. */
function propertyLine(p: PropertyChange): string {
  const value = (v: string | undefined) =>
    v === undefined ? "?" : v.length > LONGEST_VALUE ? `${v.slice(0, LONGEST_VALUE)}…` : v;
  const values = p.before !== undefined || p.after !== undefined ? `: ${value(p.before)} → ${value(p.after)}` : "";
  const recreates =
    p.requiresRecreation && p.requiresRecreation !== "Never" ? ` (recreates: ${p.requiresRecreation})` : "";
  return `${p.name}${values}${recreates}`;
}

/** Progress as plain lines: one per resource transition, so CI logs stay readable. */
export function reportInfrastructureEvent(event: InfrastructureEvent, out: Output): void {
  switch (event.type) {
    case "waiting-for-stack":
      out.note(`stack ${event.stackName} is busy (${event.status}); waiting for it to finish`);
      return;
    case "change-set-ready":
      out.note(`stack ${event.stackName}: ${changeSummaryLines(event.summary, out).join("\n")}`);
      return;
    case "resource-progress": {
      const e = event.event;
      const reason = e.reason ? paint.dim(out, ` — ${e.reason}`) : "";
      out.note(`  ${e.logicalId} ${e.status}${reason}`);
      return;
    }
    case "recreating-stack":
      out.note(`stack ${event.stackName}: ${event.reason}; deleting it to create it again`);
      return;
    case "continuing-rollback": {
      const skipped = event.skipped.map((r) => `${r.logicalId} (${r.reason})`).join(", ");
      out.note(
        `stack ${event.stackName} is UPDATE_ROLLBACK_FAILED; continuing the rollback${skipped ? `, skipping what AWS could not roll back: ${skipped}` : ""}`,
      );
      out.note(
        skipped
          ? "      the skipped resources may now differ from the template; the next deploy updates them"
          : "      no resource needs skipping",
      );
      return;
    }
  }
}

/** The final line of the infrastructure step; returns the exit code it implies. */
export function reportInfrastructureOutcome(outcome: InfrastructureOutcome, out: Output): number {
  const stack = `stack ${outcome.stackName}`;
  switch (outcome.result) {
    case "unchanged":
      out.note(`${stack}: no infrastructure changes`);
      return EXIT.ok;
    case "planned":
      if (outcome.repair?.kind === "recreate") {
        out.note(
          `${stack}: ${outcome.repair.reason}; deploy would delete it and create it again with the resources above (nothing was changed)`,
        );
      } else if (outcome.repair?.kind === "continue-rollback") {
        const skipped = (outcome.repair.skipped ?? []).map((r) => `${r.logicalId} (${r.reason})`).join(", ");
        out.note(
          `${stack}: ${outcome.repair.reason}; deploy would first continue the rollback${skipped ? `, skipping ${skipped}` : ""} (nothing was changed)`,
        );
        out.note(
          "      the template's changes can be computed only after that: run berth diff again once deploy has repaired it",
        );
      } else {
        out.note(`${stack}: the changes above would be made (nothing was changed)`);
      }
      return EXIT.ok;
    case "created":
    case "updated":
      out.note(paint.green(out, `${stack} ${outcome.result}`));
      return EXIT.ok;
    case "declined":
      out.note(`${stack}: nothing was changed (not confirmed); rerun with --yes to accept`);
      return EXIT.failure;
    case "failed": {
      const cause = outcome.rootCause;
      out.note(paint.red(out, `${stack} failed (${outcome.status})`));
      if (cause) out.note(`      cause: ${cause.logicalId} (${cause.resourceType}) ${cause.status}: ${cause.reason}`);
      return EXIT.failure;
    }
    case "deleted":
      out.note(`${stack} deleted`);
      return EXIT.ok;
    case "busy":
      out.note(
        `${stack} is still ${outcome.status} after ${Math.round(outcome.waitedMs / 1000)} s; another operation is running`,
      );
      out.note("      fix: wait for it to finish (see the CloudFormation console), then run berth again");
      return EXIT.failure;
    case "stopped":
      out.note(`${stack}: ${outcome.reason}`);
      out.note(`      fix: ${outcome.hint}`);
      return EXIT.failure;
  }
}
