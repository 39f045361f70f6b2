import { didYouMean } from "../manifest/did-you-mean.js";
import { problemAt, type Problem } from "../manifest/problem.js";
import type { Override } from "../manifest/types.js";

/** An environment stack and its service stacks, by service name. */
export interface Stacks<T> {
  environment: T;
  services: Record<string, T>;
}

/**
 * The manifest's escape hatch: JSON-patch `add`, `remove` and `replace` (RFC 6902) on the
 * rendered templates. A path `/Resources/<Id>/…` or `/Outputs/<Id>/…` patches the stack that
 * holds `<Id>`; any other path the environment stack. A path that does not exist is the user's
 * mistake, reported at the override, never a crash and never a silently ignored patch.
 */
export function applyStackOverrides<T extends { Resources: object; Outputs: object }>(
  stacks: Stacks<T>,
  overrides: Override[],
): { stacks: Stacks<T>; problems: Problem[] } {
  if (overrides.length === 0) return { stacks, problems: [] };
  const patched: Stacks<T> = { environment: stacks.environment, services: { ...stacks.services } };
  const cloned = new Set<string>();
  const problems: Problem[] = [];
  overrides.forEach((o, i) => {
    const service = owningService(stacks.services, o.path);
    const key = service ?? "";
    if (!cloned.has(key)) {
      cloned.add(key);
      if (service === undefined) patched.environment = structuredClone(patched.environment);
      else patched.services[service] = structuredClone(patched.services[service]!);
    }
    const problem =
      service === undefined
        ? (notInAnyStack(stacks, o) ?? applyOne(patched.environment, o))
        : applyOne(patched.services[service], o);
    if (problem) problems.push(problemAt(o.at, `overrides[${i}].path`, problem.message, problem.hint));
  });
  return { stacks: patched, problems };
}

/** A path into a logical id that no stack has: the suggestion comes from every stack's ids. */
function notInAnyStack<T extends { Resources: object; Outputs: object }>(
  stacks: Stacks<T>,
  o: Override,
): { message: string; hint?: string } | undefined {
  const [, section, id, ...rest] = o.path.split("/");
  if ((section !== "Resources" && section !== "Outputs") || id === undefined) return undefined;
  if ((o.op === "add" && rest.length === 0) || id in stacks.environment[section]) return undefined;
  const ids = [stacks.environment, ...Object.values(stacks.services)].flatMap((t) => Object.keys(t[section]));
  return missing(Object.fromEntries(ids.map((key) => [key, true])), id, `/${section}`);
}

function owningService<T extends { Resources: object; Outputs: object }>(
  services: Record<string, T>,
  path: string,
): string | undefined {
  const [, section, id] = path.split("/");
  if ((section !== "Resources" && section !== "Outputs") || id === undefined) return undefined;
  const decoded = id.replace(/~1/g, "/").replace(/~0/g, "~");
  return Object.keys(services).find((name) => decoded in services[name]![section]);
}

function applyOne(root: unknown, o: Override): { message: string; hint?: string } | undefined {
  const tokens = o.path
    .split("/")
    .slice(1)
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  const last = tokens.pop();
  if (last === undefined) return { message: "the path must name a key inside the template" };
  let parent: unknown = root;
  let walked = "";
  for (const token of tokens) {
    const next = child(parent, token);
    if (next === undefined) return missing(parent, token, walked);
    parent = next;
    walked += `/${token}`;
  }
  if (Array.isArray(parent)) return applyToList(parent, last, o, walked);
  if (parent === null || typeof parent !== "object")
    return { message: `${walked || "/"} is a value, not a map or list` };
  const map = parent as Record<string, unknown>;
  if (o.op !== "add" && !(last in map)) return missing(parent, last, walked);
  if (o.op === "remove") delete map[last];
  else map[last] = structuredClone(o.value);
  return undefined;
}

function applyToList(
  list: unknown[],
  token: string,
  o: Override,
  walked: string,
): { message: string; hint?: string } | undefined {
  const index = token === "-" && o.op === "add" ? list.length : Number(token);
  const limit = o.op === "add" ? list.length : list.length - 1;
  if (!Number.isInteger(index) || index < 0 || index > limit)
    return { message: `${walked}/${token} is not an index of that list (0–${limit})` };
  if (o.op === "remove") list.splice(index, 1);
  else if (o.op === "add") list.splice(index, 0, structuredClone(o.value));
  else list[index] = structuredClone(o.value);
  return undefined;
}

function child(node: unknown, token: string): unknown {
  if (Array.isArray(node)) return node[Number(token)];
  if (node !== null && typeof node === "object") return (node as Record<string, unknown>)[token];
  return undefined;
}

function missing(node: unknown, token: string, walked: string): { message: string; hint?: string } {
  const keys = node !== null && typeof node === "object" && !Array.isArray(node) ? Object.keys(node) : [];
  return {
    message: `${walked}/${token} does not exist in the rendered template${didYouMean(token, keys)}`,
    hint: "run `berth render` to see the template and its logical ids",
  };
}
