#!/usr/bin/env node
// Loads the bundled CLI through a V8 code cache: Node 20 has no built-in compile cache,
// and compiling the bundle from scratch costs more than the start-up budget allows.
import { readFileSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const bundle = fileURLToPath(new URL("../dist/cli.cjs", import.meta.url));
const cacheFile = `${bundle}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(readFileSync(bundle, "utf8")), { filename: bundle, cachedData });
const module = { exports: {} };
script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, fileURLToPath(new URL("../dist", import.meta.url)));
if (process.env.BERTH_COMPILE_CACHE === "write") {
  // Build time: run the commands whose start-up is budgeted, then keep what V8 compiled.
  for (const args of JSON.parse(process.env.BERTH_WARMUP ?? "[]")) await module.exports.main([process.argv[0], bundle, ...args]);
  writeFileSync(cacheFile, script.createCachedData());
} else {
  await module.exports.main(process.argv);
}
