// Part of the build: runs the commands whose start-up is budgeted (the build discards their
// output) so the V8 code cache written beside the bundle holds the functions they use.
import { createRequire } from "node:module";
import { resolve } from "node:path";
import codeCache from "../bin/code-cache.cjs";

// As bin/berth.js does: Node 20 before 20.16 has no process.getBuiltinModule (src/render/sha256.ts).
process.getBuiltinModule ??= createRequire(import.meta.url);

const bundle = resolve(process.argv[2]);
const warmups = JSON.parse(process.argv[3]);
const loaded = codeCache.loadBundle(
  bundle,
  warmups.map((args) => args[0]),
);
for (const args of warmups) await loaded.exports.main([process.execPath, bundle, ...args]);
process.exitCode = 0;
loaded.save(true);
