import { didYouMean } from "../manifest/did-you-mean.js";
import { problemAt, type Problem } from "../manifest/problem.js";
import type { Override } from "../manifest/types.js";

/**
 * The manifest's escape hatch: JSON-patch `add`, `remove` and `replace` (RFC 6902) on
 * the rendered template. A path that does not exist is the user's mistake, reported at
 * the override, never a crash and never a silently ignored patch.
 */
export function applyOverrides<T>(template: T, overrides: Override[]): { template: T; problems: Problem[] } {
  const patched = structuredClone(template) as unknown;
  const problems: Problem[] = [];
  overrides.forEach((o, i) => {
    const problem = applyOne(patched, o);
    if (problem) problems.push(problemAt(o.at, `overrides[${i}].path`, problem.message, problem.hint));
  });
  return { template: patched as T, problems };
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
