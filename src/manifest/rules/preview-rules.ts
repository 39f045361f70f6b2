import { definedEnvironments, PREVIEW_BASE } from "../environments.js";
import { problemAt, type Problem } from "../problem.js";
import type { PMap } from "../yaml-tree.js";

const FIXES: Record<string, [string, string]> = {
  expires: [
    "only previews expire",
    "move it under environments.preview (expires: 7d); other environments stay until `berth destroy`",
  ],
  domain: [
    "only previews answer at pr-<n>.<domain>",
    "move it under environments.preview (domain: preview.example.com); other environments route by services.NAME.http.host",
  ],
};

/** Keys only a preview has: `expires` and `domain` belong under `environments.preview`, never the base or another environment. */
export function checkPreviewOnlyKeys(root: PMap): Problem[] {
  const places = [
    { path: "", map: root },
    ...definedEnvironments(root)
      .filter((e) => e.key !== PREVIEW_BASE && e.value.kind === "map")
      .map((e) => ({ path: `environments.${e.key}.`, map: e.value as PMap })),
  ];
  return places.flatMap(({ path, map }) =>
    map.entries.filter((e) => e.key in FIXES).map((e) => problemAt(e.keyPos, `${path}${e.key}`, ...FIXES[e.key]!)),
  );
}
