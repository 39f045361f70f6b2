import type { Template } from "../../render/template.js";
import type { ChangeSummary } from "../infrastructure/change-summary.js";

/**
 * The environment stack's outputs as a plan may pass them on: without those that name a
 * resource its planned change set replaces (or may replace), whose value — a physical id,
 * an ARN, a URL — changes when apply executes it. A service stack (or the dashboard) reading
 * one is then planned as a stack whose parameters are not known yet: apply makes its change
 * set, from the template the plan pinned, once the environment stack has changed, rather
 * than refuse halfway with the environment stack already changed (docs/architecture.md,
 * "Plan and apply").
 */
export function outputsAPlanKeeps(
  outputs: Record<string, string>,
  template: Template,
  summary: ChangeSummary,
): Record<string, string> {
  const replaced = new Set(summary.replaced.map((c) => c.logicalId));
  if (replaced.size === 0) return outputs;
  const kept = { ...outputs };
  for (const [name, output] of Object.entries(template.Outputs ?? {}))
    if (referencedIds(output.Value).some((id) => replaced.has(id))) delete kept[name];
  return kept;
}

/** The logical ids a template value names: `Ref`, `Fn::GetAtt` and `${Id}` / `${Id.Attr}` in `Fn::Sub`. */
function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (typeof value !== "object" || value === null) return [];
  const map = value as Record<string, unknown>;
  const ids: string[] = [];
  if (typeof map.Ref === "string") ids.push(map.Ref);
  const att = map["Fn::GetAtt"];
  if (Array.isArray(att) && typeof att[0] === "string") ids.push(att[0]);
  const sub = map["Fn::Sub"];
  const text = Array.isArray(sub) ? sub[0] : sub;
  if (typeof text === "string") for (const [, id] of text.matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) ids.push(id!);
  return [...ids, ...Object.values(map).flatMap(referencedIds)];
}
