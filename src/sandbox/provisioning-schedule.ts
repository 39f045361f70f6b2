import { replacementOf } from "./change-set-replacements.js";
import { provisioningSeconds } from "./provisioning-durations.js";
import type { Template, TemplateResource } from "./template-text.js";

/** A stack as an operation leaves it: its template (as berth sent it) and its parameters' values. */
export interface StackState {
  template: Template;
  parameters: Record<string, string>;
}

export type ResourceAction = "create" | "update" | "delete";

export interface ScheduledResource {
  logicalId: string;
  resourceType: string;
  action: ResourceAction;
  /** Seconds from the start of the operation. */
  start: number;
  end: number;
}

export interface OperationSchedule {
  resources: ScheduledResource[];
  /** When the update's cleanup (deleting removed and replaced resources) starts; `end` when there is none. */
  cleanupStart: number;
  /** The operation's length, in seconds: its dependency graph's critical path. */
  end: number;
}

/**
 * When each resource of a stack operation starts and ends, as CloudFormation runs it: a
 * resource starts when every resource it references (Ref, Fn::GetAtt, Fn::Sub, DependsOn)
 * has ended, so the operation lasts as long as its dependency graph's critical path
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html).
 * A creation (no `before`) creates every resource. An update creates what is new or
 * replaced (a changed create-only property: change-set-replacements.ts), updates what
 * changed or references a changed parameter or a replaced resource, and leaves the rest (no
 * time); then, in its cleanup phase, deletes what was removed or replaced, dependants
 * first (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html).
 * Approximations: conditions are not evaluated (a resource counts whether or not it is
 * created), and an update's effect through a changed attribute of an updated resource is not
 * followed.
 */
export function operationSchedule(before: StackState | undefined, after: StackState): OperationSchedule {
  const afterResources = after.template.Resources ?? {};
  const beforeResources = before?.template.Resources ?? {};
  const actions = changeActions(before, after);
  const afterDependencies = dependencyGraph(afterResources);
  const forward = criticalPath(afterDependencies, (id) => {
    const action = actions.get(id);
    const type = afterResources[id]?.Type ?? "";
    return action === "create" || action === "update" ? provisioningSeconds(type)[action] : 0;
  });
  const resources: ScheduledResource[] = [...actions]
    .filter(([, action]) => action !== "delete")
    .map(([logicalId, action]) => ({
      logicalId,
      resourceType: afterResources[logicalId]?.Type ?? "",
      action,
      ...forward.times.get(logicalId)!,
    }));
  const cleanupStart = forward.end;
  // Deleted: what the update removed, and the old copy of what it replaced.
  const deleted = new Set(
    Object.keys(beforeResources).filter((id) => !(id in afterResources) || actions.get(id) === "create"),
  );
  const dependants = reversed(dependencyGraph(beforeResources), deleted);
  const cleanup = criticalPath(dependants, (id) => provisioningSeconds(beforeResources[id]?.Type ?? "").delete);
  for (const logicalId of deleted) {
    const time = cleanup.times.get(logicalId)!;
    resources.push({
      logicalId,
      resourceType: beforeResources[logicalId]?.Type ?? "",
      action: "delete",
      start: cleanupStart + time.start,
      end: cleanupStart + time.end,
    });
  }
  return { resources, cleanupStart, end: cleanupStart + cleanup.end };
}

/** What the operation does to each resource of the new template (absent: nothing). */
function changeActions(before: StackState | undefined, after: StackState): Map<string, ResourceAction> {
  const afterResources = after.template.Resources ?? {};
  const actions = new Map<string, ResourceAction>();
  if (!before) {
    for (const id of Object.keys(afterResources)) actions.set(id, "create");
    return actions;
  }
  const beforeResources = before.template.Resources ?? {};
  const names = new Set([...Object.keys(before.parameters), ...Object.keys(after.parameters)]);
  const changedParameters = new Set([...names].filter((name) => before.parameters[name] !== after.parameters[name]));
  const references = new Map(Object.entries(afterResources).map(([id, r]) => [id, referencedNames(r)]));
  for (const [id, resource] of Object.entries(afterResources)) {
    const old = beforeResources[id];
    if (!old || replacementOf(old, resource) === true) actions.set(id, "create");
    else if (JSON.stringify(old) !== JSON.stringify(resource)) actions.set(id, "update");
    else if ([...references.get(id)!].some((name) => changedParameters.has(name))) actions.set(id, "update");
  }
  // A resource that references a replaced one is updated to name the new copy.
  const isReplaced = (name: string) => actions.get(name) === "create" && name in beforeResources;
  for (let changed = true; changed;) {
    changed = false;
    for (const [id, names] of references) {
      if (actions.has(id) || ![...names].some(isReplaced)) continue;
      actions.set(id, "update");
      changed = true;
    }
  }
  return actions;
}

/** Each resource's start and end when it waits for the ones it depends on; cycles (invalid templates) are cut. */
function criticalPath(
  dependencies: Map<string, Set<string>>,
  seconds: (id: string) => number,
): { times: Map<string, { start: number; end: number }>; end: number } {
  const times = new Map<string, { start: number; end: number }>();
  const visiting = new Set<string>();
  const endOf = (id: string): number => {
    const known = times.get(id);
    if (known) return known.end;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const start = Math.max(0, ...[...(dependencies.get(id) ?? [])].map(endOf));
    visiting.delete(id);
    const time = { start, end: start + seconds(id) };
    times.set(id, time);
    return time.end;
  };
  const end = Math.max(0, ...[...dependencies.keys()].map(endOf));
  return { times, end };
}

/** Each resource → the resources of the same template it references or names in DependsOn. */
export function dependencyGraph(resources: Record<string, TemplateResource>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(resources))
    graph.set(id, new Set([...referencedNames(resource)].filter((name) => name in resources && name !== id)));
  return graph;
}

/** Within `members`, each resource → the members that depend on it (deletion runs this way round). */
function reversed(graph: Map<string, Set<string>>, members: Set<string>): Map<string, Set<string>> {
  const dependants = new Map<string, Set<string>>([...members].map((id) => [id, new Set<string>()]));
  for (const [id, targets] of graph)
    for (const target of targets) if (members.has(id) && members.has(target)) dependants.get(target)!.add(id);
  return dependants;
}

/** The names a resource references: Ref, Fn::GetAtt, ${Name} in Fn::Sub, and DependsOn. */
function referencedNames(resource: TemplateResource): Set<string> {
  const names = new Set<string>();
  const dependsOn = resource.DependsOn;
  for (const name of Array.isArray(dependsOn) ? dependsOn : [dependsOn]) if (typeof name === "string") names.add(name);
  collectReferences(resource.Properties, names);
  return names;
}

function collectReferences(value: unknown, names: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, names);
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key === "Ref" && typeof inner === "string") names.add(inner);
    else if (key === "Fn::GetAtt") {
      const target = Array.isArray(inner) ? inner[0] : typeof inner === "string" ? inner.split(".")[0] : undefined;
      if (typeof target === "string") names.add(target);
      else collectReferences(inner, names);
    } else if (key === "Fn::Sub") {
      const [text, variables] = Array.isArray(inner) ? [inner[0], inner[1]] : [inner, undefined];
      if (typeof text === "string") for (const match of text.matchAll(/\$\{([^!}.][^}.]*)/g)) names.add(match[1]!);
      collectReferences(variables, names);
    } else collectReferences(inner, names);
  }
}
