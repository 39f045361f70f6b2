// The benchmarks that drive berth's engine in-process load its TypeScript through esbuild,
// bundled with the build's YAML-template plugin, from a temporary directory.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { yamlToModule } from "../scripts/yaml-module.mjs";

/** Bundles `entry` (a path next to this file) and hands its exports to `use`; the bundle is removed after. */
export async function withTypeScriptModule(entry, use) {
  const dir = mkdtempSync(join(tmpdir(), "berth-bench-"));
  const outfile = join(dir, "bench.cjs");
  try {
    await build({
      entryPoints: [new URL(entry, import.meta.url).pathname],
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
    return await use(createRequire(import.meta.url)(outfile));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
