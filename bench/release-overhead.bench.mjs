// Issue #8 budget: berth's own overhead in a release, beyond the waits ECS imposes, stays
// under 2 s on the deployment simulator; prints the AWS calls each release makes. The
// engine is TypeScript: it is bundled by bench/typescript-module.mjs.
import { pathToFileURL } from "node:url";
import { withTypeScriptModule } from "./typescript-module.mjs";

const BUDGET_MS = 2_000;

export async function run() {
  const results = await withTypeScriptModule("./release-overhead.ts", (m) => m.measureReleaseOverhead());
  console.log("\nrelease overhead on the deployment simulator (beyond an ideal driver of the same ECS deployment)");
  let ok = true;
  for (const r of results) {
    const overhead = r.lagMs + r.cpuMs;
    const within = overhead < BUDGET_MS;
    ok &&= within;
    const calls = Object.entries(r.byOperation)
      .map(([op, n]) => `${op} ${n}`)
      .join(", ");
    console.log(
      `  ${r.strategy.padEnd(10)} ${(overhead / 1000).toFixed(2)} s (polling lag ${(r.lagMs / 1000).toFixed(1)} s, own work ${r.cpuMs.toFixed(0)} ms)  ${within ? "within" : "OVER"} 2 s`,
    );
    console.log(`  ${"".padEnd(10)} ${r.calls} AWS calls: ${calls}`);
  }
  return ok;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = (await run()) ? 0 : 1;
