#!/usr/bin/env node
// Starts the bundled CLI (dist/cli.cjs) with its compiled code cached: start-up is part of
// berth's budget (docs/architecture.md, "Start-up"). Node >= 22.1 caches by itself, keyed by
// the file's content and Node's version; Node 20 uses berth's own V8 cache (code-cache.cjs).
// Nothing in the environment changes what a command does: BERTH_DEBUG=1 only loads the
// bundle with its source map, so stack traces name source files and lines.
import Module, { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const bundle = fileURLToPath(new URL("../dist/cli.cjs", import.meta.url));
const require = createRequire(import.meta.url);

if (process.env.BERTH_DEBUG) {
  process.setSourceMapsEnabled(true);
  await require(bundle).main(process.argv);
} else if (typeof Module.enableCompileCache === "function") {
  // https://nodejs.org/api/module.html#moduleenablecompilecachecachedir
  Module.enableCompileCache();
  await require(bundle).main(process.argv);
} else {
  const { loadBundle } = require("./code-cache.cjs");
  const loaded = loadBundle(bundle);
  await loaded.exports.main(process.argv);
  loaded.save();
}
