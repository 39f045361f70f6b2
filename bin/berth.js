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
await module.exports.main(process.argv);
if (process.env.BERTH_COMPILE_CACHE === "write") writeFileSync(cacheFile, script.createCachedData());
