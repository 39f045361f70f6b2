import type { EnvironmentPlan, PlannedRelease } from "../deployers/plan/environment-plan.js";
import type { TaskDefinitionChange } from "../deployers/plan/task-definition-changes.js";

/** The plan's releases and what a saved plan holds, as lines under the stacks' changes. */
export function planLines(plan: EnvironmentPlan, saved: string | undefined): string[] {
  const lines: string[] = [];
  if (!plan.images) lines.push("images: not built or resolved by this plan (berth plan --out pushes and pins them)");
  if (plan.releases.length === 0) lines.push("releases: none (every service serves what the manifest asks)");
  for (const r of plan.releases) lines.push(...releaseLines(r));
  for (const s of plan.stacks.filter((s) => s.atApply && s.atApply !== "unchanged"))
    lines.push(
      `stack ${s.stackName}: its change set is created by apply, from this template (sha256 ${s.templateHash.slice(0, 12)}): ${
        s.atApply === "parameters-unknown"
          ? "its parameters are outputs of a stack this plan creates"
          : "the stack must first be repaired"
      }`,
    );
  if (saved) {
    const created = plan.stacks.filter((s) => s.changeSet?.type === "CREATE").map((s) => s.stackName);
    lines.push(
      `plan saved to ${saved}: berth apply ${saved} carries it out, or refuses it if the environment moved since`,
    );
    if (created.length > 0)
      lines.push(
        `  ${created.join(", ")} did not exist: ${created.length === 1 ? "its" : "their"} CREATE change set left ${created.length === 1 ? "it" : "them"} in REVIEW_IN_PROGRESS (no resources) until apply; berth destroy removes ${created.length === 1 ? "it" : "them"} if the plan is abandoned`,
      );
  }
  return lines;
}

function releaseLines(r: PlannedRelease): string[] {
  const from = r.from ? r.from.slice(r.from.lastIndexOf("/") + 1) : "nothing (new service)";
  const to = r.to ? `fingerprint ${r.to.slice(0, 12)}` : "definitions worked out at apply";
  const task = r.releaseTask ? ", after its release task" : "";
  const head = `release ${r.service} (${r.strategy}${task}): ${from} → ${to}`;
  const changes = r.changes.map((c) => `  ${changeLine(c)}`);
  // Pending definitions still show what the plan could tell changes (a variable added, the image).
  if (r.pending) return [head, `  ${r.pending}`, ...changes];
  return [head, ...(changes.length > 0 ? changes : ["  the service definition or its scaling changed"])];
}

function changeLine(c: TaskDefinitionChange): string {
  switch (c.kind) {
    case "image":
      return `image (${c.container}): ${c.from ?? "none"} → ${c.to}`;
    case "environment":
    case "secrets": {
      const names = [
        ...c.added.map((n) => `+${n}`),
        ...c.changed.map((n) => `~${n}`),
        ...c.removed.map((n) => `-${n}`),
      ];
      return `${c.kind === "secrets" ? "secrets" : "environment variables"} (${c.container}): ${names.join(" ")}`;
    }
    case "cpu":
    case "memory":
      return `${c.kind}: ${c.from ?? "unset"} → ${c.to ?? "unset"}`;
    case "command":
      return `command (${c.container}): ${JSON.stringify(c.from ?? null)} → ${JSON.stringify(c.to ?? null)}`;
    case "container":
      return `container ${c.container} ${c.change}`;
  }
}
