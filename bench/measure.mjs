// Shared timing for the benchmarks: runs commands interleaved (so machine noise hits the
// baseline and the subject alike) and compares medians: ratios, or differences, of medians measured in the same run.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export function timeOnce(command, args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: "ignore", ...options });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && !options.allowFailure)
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}`);
  return elapsed;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs baseline and subjects round-robin `runs` times; returns median ms for each. */
export function compare(cases, runs = 25) {
  const samples = cases.map(() => []);
  for (let i = 0; i < 3; i++) cases.forEach((c) => c.run()); // warm the file cache
  for (let i = 0; i < runs; i++) cases.forEach((c, j) => samples[j].push(c.run()));
  return cases.map((c, j) => ({ name: c.name, median: median(samples[j]) }));
}

/** Prints each subject's ratio to the baseline (the first case) against its budget; returns false if any is over. */
export function report(title, results, budgets) {
  const [baseline, ...subjects] = results;
  console.log(`\n${title}`);
  let ok = true;
  for (const subject of subjects) {
    const ratio = subject.median / baseline.median;
    const budget = budgets[subject.name];
    const verdict = budget === undefined ? "" : ratio <= budget ? `within ${budget}×` : `OVER ${budget}×`;
    if (budget !== undefined && ratio > budget) ok = false;
    console.log(`  ${subject.name.padEnd(44)} ${ratio.toFixed(2)}× ${baseline.name}  ${verdict}`);
  }
  return ok;
}

/**
 * Prints what each subject costs beyond the baseline (the first case), in ms of the medians of
 * the same run, against its budget; returns false if any is over.
 */
export function reportOverhead(title, results, budgetsMs) {
  const [baseline, ...subjects] = results;
  console.log(`\n${title}`);
  let ok = true;
  for (const subject of subjects) {
    const over = subject.median - baseline.median;
    const budget = budgetsMs[subject.name];
    const verdict = budget === undefined ? "" : over <= budget ? `within ${budget} ms` : `OVER ${budget} ms`;
    if (budget !== undefined && over > budget) ok = false;
    const ratio = (subject.median / baseline.median).toFixed(2);
    console.log(`  ${subject.name.padEnd(44)} +${over.toFixed(1)} ms (${ratio}×) over ${baseline.name}  ${verdict}`);
  }
  return ok;
}

/** This Node, then the CI cache's Node binaries of other versions. */
export function availableNodes() {
  const cache = process.env.BERTH_CI_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "berth-ci");
  const candidates = [20, 22, 24]
    .map((major) => join(cache, `node-${major}`, "bin", "node"))
    .filter((node) => existsSync(node));
  const nodes = new Map([[process.version, process.execPath]]);
  for (const node of candidates) nodes.set(execFileSync(node, ["--version"], { encoding: "utf8" }).trim(), node);
  return nodes;
}
