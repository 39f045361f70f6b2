import type { RegisterTaskDefinitionRequest } from "@aws-sdk/client-ecs";

/**
 * What a release changes in a service's task definition, as a reviewer reads it: names of
 * environment variables and secrets, never their values (a plan is shared in pull requests
 * and pipeline logs), the image, the size and the command.
 */
export type TaskDefinitionChange =
  | { kind: "image"; container: string; from?: string; to: string }
  | { kind: "environment" | "secrets"; container: string; added: string[]; removed: string[]; changed: string[] }
  | { kind: "cpu" | "memory"; from?: string; to?: string }
  | { kind: "command"; container: string; from?: string[]; to?: string[] }
  | { kind: "container"; container: string; change: "added" | "removed" };

/** The task definition as ECS describes it: the fields of RegisterTaskDefinition a plan compares. */
export type TaskDefinitionContent = Pick<RegisterTaskDefinitionRequest, "containerDefinitions" | "cpu" | "memory">;

type Container = NonNullable<RegisterTaskDefinitionRequest["containerDefinitions"]>[number];

/** Each difference between what serves and what a release registers; an image not known yet is left out. */
export function taskDefinitionChanges(
  serving: TaskDefinitionContent | undefined,
  next: TaskDefinitionContent,
  options: { imagesKnown: boolean },
): TaskDefinitionChange[] {
  const changes: TaskDefinitionChange[] = [];
  for (const kind of ["cpu", "memory"] as const) {
    if (serving?.[kind] !== next[kind])
      changes.push({ kind, ...optional("from", serving?.[kind]), ...optional("to", next[kind]) });
  }
  const before = byName(serving?.containerDefinitions);
  const after = byName(next.containerDefinitions);
  for (const name of [...before.keys()].filter((n) => !after.has(n)))
    changes.push({ kind: "container", container: name, change: "removed" });
  for (const [name, container] of after) {
    const old = before.get(name);
    if (serving && !old) changes.push({ kind: "container", container: name, change: "added" });
    changes.push(...containerChanges(name, old, container, options));
  }
  return changes;
}

function containerChanges(
  name: string,
  old: Container | undefined,
  next: Container,
  options: { imagesKnown: boolean },
): TaskDefinitionChange[] {
  const changes: TaskDefinitionChange[] = [];
  if (options.imagesKnown && old?.image !== next.image)
    changes.push({ kind: "image", container: name, ...optional("from", old?.image), to: next.image ?? "" });
  const environment = namedChanges(pairs(old?.environment), pairs(next.environment));
  if (environment) changes.push({ kind: "environment", container: name, ...environment });
  const secrets = namedChanges(secretPairs(old?.secrets), secretPairs(next.secrets));
  if (secrets) changes.push({ kind: "secrets", container: name, ...secrets });
  if (JSON.stringify(old?.command) !== JSON.stringify(next.command))
    changes.push({
      kind: "command",
      container: name,
      ...optional("from", old?.command),
      ...optional("to", next.command),
    });
  return changes;
}

/** Names added, removed, and those whose value (for a secret: where it is read from) changed. */
function namedChanges(
  before: Map<string, string>,
  after: Map<string, string>,
): { added: string[]; removed: string[]; changed: string[] } | undefined {
  const added = [...after.keys()].filter((k) => !before.has(k)).sort();
  const removed = [...before.keys()].filter((k) => !after.has(k)).sort();
  const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)).sort();
  return added.length + removed.length + changed.length > 0 ? { added, removed, changed } : undefined;
}

function pairs(list: Container["environment"]): Map<string, string> {
  return new Map((list ?? []).map((e) => [e.name ?? "", e.value ?? ""]));
}

function secretPairs(list: Container["secrets"]): Map<string, string> {
  return new Map((list ?? []).map((e) => [e.name ?? "", e.valueFrom ?? ""]));
}

function byName(containers: Container[] | undefined): Map<string, Container> {
  return new Map((containers ?? []).map((c) => [c.name ?? "", c]));
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
