// Builds the CLI for fast start-up, which is part of the budget (docs/architecture.md,
// "Start-up"): one CommonJS bundle, with a source map for BERTH_DEBUG=1, that bin/berth.js
// loads with a V8 code cache (the one for the building Node is made here). Lazy
// `import()`s become lazy `require()`s, so the AWS SDK is only loaded by commands that
// call AWS, never by validate or render.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { buildWasm } from "./build-wasm.mjs";
import { onFirstUse } from "./on-first-use.mjs";
import { yamlToModule } from "./yaml-module.mjs";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
rmSync("dist", { recursive: true, force: true });
// The WebAssembly modules first: the bundle and bin/code-cache.cjs load them.
await buildWasm();

await build({
  // Two bundles (docs/architecture.md, "Start-up"): every command, and the commands that
  // need no AWS, which bin/berth.js starts without loading the rest.
  entryPoints: { cli: "src/cli.ts", "offline-cli": "src/offline-cli.ts" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  minify: true,
  // Names and lines for stack traces under BERTH_DEBUG=1; the sources stay out of the package.
  sourcemap: true,
  sourcesContent: false,
  logLevel: "warning",
  supported: { "dynamic-import": false },
  define: { __BERTH_VERSION__: JSON.stringify(pkg.version) },
  // Loaded from node_modules at run time, and only by the commands that need them.
  external: ["@aws-sdk/*", "@smithy/*", "ink", "react"],
  // The sandbox's moto patches are a Python file, shipped as text (src/sandbox/moto-patches.ts).
  loader: { ".py": "text" },
  plugins: [
    // Loaded on first use (scripts/on-first-use.mjs): commander requires node:child_process only
    // to spawn executable subcommands, which berth has none of (with it, node:net and 8 more
    // modules: 3–6 million instructions); the yaml library reads only the manifests the
    // common-YAML reader leaves to it, and cost --usage files (its top level: about 4 million).
    onFirstUse([
      { module: "node:child_process", importer: /[\\/]node_modules[\\/]commander[\\/]/ },
      { module: "yaml", importer: /[\\/]src[\\/](manifest|cost)[\\/]/ },
    ]),
    {
      name: "yaml-templates",
      setup(b) {
        b.onLoad({ filter: /\.yml$/ }, (args) => ({
          contents: yamlToModule(readFileSync(args.path, "utf8")),
          loader: "js",
        }));
      },
    },
  ],
});

// `berth --help` prints this text without loading a bundle: the full program's help, at the
// 80 columns it wraps to (src/program.ts).
const help = execFileSync(process.execPath, ["-e", 'require("./dist/cli.cjs").main(["node", "berth", "--help"])'], {
  encoding: "utf8",
});
writeFileSync("dist/help.txt", help);

// Run the budgeted commands once so the code cache for this Node holds the functions they use
// (bin/code-cache.cjs); another Node makes its own on its first run.
{
  // cost has a cache of its own (its family; bin/berth.js), so its functions stay out of render's.
  const cassandra = ["-f", "examples/cassandra/berth.yml"];
  const warmups = [
    {
      bundle: "dist/offline-cli.cjs",
      runs: [
        ["validate", ...cassandra],
        ["render", ...cassandra, "-e", "production"],
      ],
      family: "",
    },
    {
      bundle: "dist/offline-cli.cjs",
      runs: [["cost", ...cassandra, "-e", "production", "--region", "us-east-1"]],
      family: "cost",
    },
    { bundle: "dist/cli.cjs", runs: [["--help"]], family: "" },
  ];
  for (const { bundle, runs, family } of warmups) {
    execFileSync(process.execPath, ["scripts/warm-code-cache.mjs", bundle, JSON.stringify(runs), family], {
      // The reference app's production reads its certificate from the environment (a made-up one here).
      env: {
        CASSANDRA_CERTIFICATE_ARN:
          "arn:aws:acm:eu-south-1:210987654321:certificate/4b8e6f2a-93c1-4d7e-a5b0-6c2f1e8d9a37",
        ...process.env,
      },
      stdio: "ignore",
    });
  }
}

// The editor schema ships in the package and is generated from the validator's schema,
// so the two cannot drift: .ci/run fails when the build changes the committed copy.
const schema = execFileSync(process.execPath, ["bin/berth.js", "schema"], { encoding: "utf8" });
mkdirSync("schema", { recursive: true });
writeFileSync("schema/berth.schema.json", schema);
