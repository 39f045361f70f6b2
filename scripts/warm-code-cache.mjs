// Part of the build: runs the commands whose start-up is budgeted (the build discards their
// output) so the V8 code cache written beside the bundle holds the functions they use.
import { resolve } from "node:path";
import codeCache from "../bin/code-cache.cjs";

const bundle = resolve(process.argv[2]);
const warmups = JSON.parse(process.argv[3]);
const family = process.argv[4] ?? "";
const loaded = codeCache.loadBundle(
  bundle,
  warmups.map((args) => args[0]),
  family,
);
for (const args of warmups) await loaded.exports.main([process.execPath, bundle, ...args]);
process.exitCode = 0;
loaded.save(true);
