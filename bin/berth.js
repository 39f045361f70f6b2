#!/usr/bin/env node
// Starts berth within its start-up budget (docs/architecture.md, "Start-up"). `berth --help`
// prints the help the build wrote (dist/help.txt); validate, render, schema and --version run from a
// small bundle (dist/offline-cli.cjs) without the deployers, the AWS adapters or the other
// commands; everything else runs from dist/cli.cjs. Each bundle is compiled with a V8 code
// cache made after a run (code-cache.cjs). Nothing in the environment changes what a command
// does: BERTH_DEBUG=1 only loads the bundle with its source map, so stack traces name
// source files and lines.
// CommonJS (bin/package.json), not ESM: starting Node's ESM loader costs more of the budget.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const dist = (file) => join(__dirname, "..", "dist", file);
const [command, ...rest] = process.argv.slice(2);
// At least 80 columns: the width the program wraps its help to (src/program.ts).
const helpFits = () => !process.stdout.isTTY || process.stdout.columns >= 80;

if ((command === "--help" || command === "-h") && rest.length === 0 && helpFits()) {
  process.stdout.write(readFileSync(dist("help.txt"), "utf8"));
} else {
  const offline = ["validate", "render", "schema", "cost", "--version", "-v"].includes(command);
  start(dist(offline ? "offline-cli.cjs" : "cli.cjs"));
}

async function start(bundle) {
  if (process.env.BERTH_DEBUG) {
    process.setSourceMapsEnabled(true);
    await require(bundle).main(process.argv);
  } else {
    // `cost` renders and then prices: its own cache keeps its functions out of render's.
    const family = command === "cost" ? "cost" : "";
    const loaded = require("./code-cache.cjs").loadBundle(bundle, [command ?? ""], family);
    await loaded.exports.main(process.argv);
    loaded.save();
  }
}
