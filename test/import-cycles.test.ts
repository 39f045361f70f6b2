import { expect, test } from "vitest";
import { importCycles, importedSpecifiers, importGraph } from "./helpers/import-graph.js";

// No file imports a file that imports it, directly or through others, types included: a
// use case's port lives in a file of its own (`*-port.ts`) that both the use case and its
// callers import (docs/architecture.md, "Layers").

test("no file of src/ is part of an import cycle, type-only and import() included", () => {
  const graph = importGraph("src");
  expect(graph.size).toBeGreaterThan(300);
  expect(importCycles(graph).map((cycle) => cycle.join(" → "))).toEqual([]);
});

test("the check sees static, type-only, re-exported and dynamic imports", () => {
  const source = [
    'import { a } from "./a.js";',
    'import type { B } from "./b.js";',
    'export { c } from "./c.js";',
    'export type { D } from "./d.js";',
    "const e = await import('./e.js');",
    'import "./f.js";',
    '// import { g } from "./g.js";',
    "import {\n  h,\n  type H,\n} from './h.js';",
  ].join("\n");
  expect(importedSpecifiers(source)).toEqual(["./a.js", "./b.js", "./c.js", "./d.js", "./e.js", "./f.js", "./h.js"]);
});

test("the check finds a cycle, through a type-only import or a lazy one, and names its files in order", () => {
  const graph = new Map([
    ["src/deployers/deploy.ts", ["src/deployers/release.ts", "src/names.ts"]],
    ["src/deployers/release.ts", ["src/deployers/deploy.ts"]], // `import type { Ports } from "./deploy.js"`
    ["src/commands/a.ts", ["src/commands/b.ts"]],
    ["src/commands/b.ts", ["src/commands/c.ts"]],
    ["src/commands/c.ts", ["src/commands/a.ts"]], // `await import("./a.js")`
    ["src/names.ts", []],
  ]);
  expect(importCycles(graph)).toEqual([
    ["src/commands/a.ts", "src/commands/b.ts", "src/commands/c.ts", "src/commands/a.ts"],
    ["src/deployers/deploy.ts", "src/deployers/release.ts", "src/deployers/deploy.ts"],
  ]);
  expect(importCycles(new Map([["src/names.ts", ["src/names.ts"]]]))).toEqual([["src/names.ts", "src/names.ts"]]);
  graph.set("src/deployers/release.ts", []);
  graph.set("src/commands/c.ts", []);
  expect(importCycles(graph)).toEqual([]);
});
