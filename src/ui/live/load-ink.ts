import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Ink from "ink";

/** Ink, loaded only by the live view (docs/architecture.md, "Start-up"). */
export async function loadInk(): Promise<typeof Ink> {
  // The bundle (dist/cli.cjs) imports Ink through bin/import-esm.cjs (why: that file); from the sources (tests) a plain import does.
  if (typeof require === "function" && typeof __dirname === "string") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file beside the bundle, found at run time
    const importEsm = require(join(__dirname, "..", "bin", "import-esm.cjs")) as (
      specifier: string,
    ) => Promise<unknown>;
    return (await importEsm(pathToFileURL(require.resolve("ink")).href)) as typeof Ink;
  }
  return import("ink");
}
