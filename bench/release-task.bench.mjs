// Issue #16 budget: a release task adds at most 2 s of berth's own overhead beyond the task's
// run time on the sandbox's simulation (its polling lag plus its own work), and a deploy of
// a version that already serves makes no RunTask call.
import { pathToFileURL } from "node:url";
import { withTypeScriptModule } from "./typescript-module.mjs";

const BUDGET_MS = 2_000;

export async function run() {
  const r = await withTypeScriptModule("./release-task-overhead.ts", (m) => m.measureReleaseTaskOverhead());
  const overhead = r.lagMs + r.cpuMs;
  const calls = Object.entries(r.byOperation)
    .map(([op, n]) => `${op} ${n}`)
    .join(", ");
  console.log("\nrelease task overhead on the sandbox's one-off task simulation (beyond the task's own lifetime)");
  console.log(
    `  release task ${(overhead / 1000).toFixed(2)} s (polling lag ${(r.lagMs / 1000).toFixed(1)} s, own work ${r.cpuMs.toFixed(0)} ms)  ${overhead < BUDGET_MS ? "within" : "OVER"} 2 s`,
  );
  console.log(`               calls: ${calls}`);
  console.log(
    `  no-change deploy: ${r.unchangedRunTasks} RunTask calls  ${r.unchangedRunTasks === 0 ? "as it must" : "WRONG"}`,
  );
  return overhead < BUDGET_MS && r.unchangedRunTasks === 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = (await run()) ? 0 : 1;
