// Builds the CLI for fast start-up, which is part of the budget (DESIGN.md, Budgets):
// one CommonJS bundle that bin/berth.js compiles with a V8 code cache made here. Lazy
// `import()`s become lazy `require()`s, so the AWS SDK is only loaded by commands that
// call AWS, never by validate or render.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { yamlToModule } from "./yaml-module.mjs";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
rmSync("dist", { recursive: true, force: true });

await build({
  entryPoints: ["src/cli.ts"],
  outfile: "dist/cli.cjs",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  minify: true,
  logLevel: "warning",
  supported: { "dynamic-import": false },
  define: { __BERTH_VERSION__: JSON.stringify(pkg.version) },
  // Loaded from node_modules at run time, and only by the commands that need them.
  external: ["@aws-sdk/*", "@smithy/*", "ink", "react"],
  plugins: [
    {
      name: "yaml-templates",
      setup(b) {
        b.onLoad({ filter: /\.yml$/ }, (args) => ({ contents: yamlToModule(readFileSync(args.path, "utf8")), loader: "js" }));
      },
    },
  ],
});

// Run the budgeted commands once so the code cache holds the functions they use.
const warmup = [
  ["validate", "-f", "examples/cassandra/berth.yml"],
  ["render", "-f", "examples/cassandra/berth.yml", "-e", "production"],
  ["--help"],
];
execFileSync(process.execPath, ["bin/berth.js"], {
  // The reference app's production reads its certificate from the environment (a made-up one here).
  env: { CASSANDRA_CERTIFICATE_ARN: "arn:aws:acm:eu-south-1:210987654321:certificate/4b8e6f2a-93c1-4d7e-a5b0-6c2f1e8d9a37", ...process.env, BERTH_COMPILE_CACHE: "write", BERTH_WARMUP: JSON.stringify(warmup) },
  stdio: "ignore",
});

// The editor schema ships in the package and is generated from the validator's schema,
// so the two cannot drift (test/schema.test.ts checks the committed copy).
const schema = execFileSync(process.execPath, ["bin/berth.js", "schema"], { encoding: "utf8" });
mkdirSync("schema", { recursive: true });
writeFileSync("schema/berth.schema.json", schema);
