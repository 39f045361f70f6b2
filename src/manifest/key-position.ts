import { PREVIEW_BASE, PREVIEW_ENV } from "./environments.js";
import type { Position } from "./problem.js";
import { parseManifestText, type PNode } from "./yaml-tree.js";
import { DEFAULT_ENVIRONMENT } from "./load.js";

/**
 * Where the manifest writes the key at `path` (`services.web.secrets.STRIPE_KEY`) for an
 * environment: in its own section when it sets the key there (it wins the merge), else in the
 * base. For a problem found after loading, such as a secret pre-flight could not find.
 */
export function keyPosition(text: string, file: string, path: string, environment: string): Position | undefined {
  const { tree } = parseManifestText(text, file, {});
  const section = PREVIEW_ENV.test(environment) ? PREVIEW_BASE : environment;
  const own = environment === DEFAULT_ENVIRONMENT ? [] : [["environments", section, ...path.split(".")]];
  for (const keys of [...own, path.split(".")]) {
    const found = keyAt(tree, keys);
    if (found) return found;
  }
  return undefined;
}

function keyAt(node: PNode | undefined, keys: string[]): Position | undefined {
  let here = node;
  let pos: Position | undefined;
  for (const key of keys) {
    const entry = here?.kind === "map" ? here.entries.find((e) => e.key === key) : undefined;
    if (!entry) return undefined;
    pos = entry.keyPos;
    here = entry.value;
  }
  return pos;
}
