// A real import() for the bundle: esbuild turns the bundle's import() into require(), which
// cannot load an ES module with top-level await on Node 20 (Ink's layout engine), and the
// bundle compiled from a V8 code cache (bin/code-cache.cjs) has no dynamic import callback.
// Node compiles this file itself, with one. Used by src/ui/live/load-ink.ts.
"use strict";
module.exports = (specifier) => import(specifier);
