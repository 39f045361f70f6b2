// Issue #8 budget: berth's own overhead in a release, beyond the waits ECS imposes, stays
// under 2 s on the deployment simulator; prints the AWS calls each release makes. The
// engine is TypeScript: it is bundled here with the build's YAML-template plugin.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { yamlToModule } from "../scripts/yaml-module.mjs";

const BUDGET_MS = 2_000;

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), "berth-bench-"));
  const outfile = join(dir, "release-overhead.cjs");
  try {
    await build({
      entryPoints: [new URL("./release-overhead.ts", import.meta.url).pathname],
      outfile,
      bundle: true,
      format: "cjs",
      platform: "node",
      logLevel: "warning",
      external: ["@aws-sdk/*", "@smithy/*"],
      plugins: [
        {
          name: "yaml-templates",
          setup: (b) =>
            b.onLoad({ filter: /\.yml$/ }, (args) => ({
              contents: yamlToModule(readFileSync(args.path, "utf8")),
              loader: "js",
            })),
        },
      ],
    });
    const { measureReleaseOverhead } = createRequire(import.meta.url)(outfile);
    const results = await measureReleaseOverhead();
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
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = (await run()) ? 0 : 1;
