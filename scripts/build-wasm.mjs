// Compiles berth's two WebAssembly modules from their text into the modules that hold them as
// base64 (docs/architecture.md, "Start-up"): SHA-256 for rendering, XXH64 for the code cache's
// check. The build runs this, so .ci/run fails when a .wat file and its compiled module differ.
import { readFileSync, writeFileSync } from "node:fs";
import wabt from "wabt";

const notice = (wat) => `Compiled from ${wat} by scripts/build-wasm.mjs; edit that file, then run npm run build.`;
const modules = [
  {
    wat: "src/render/sha256.wat",
    out: "src/render/sha256-wasm.ts",
    source: (wat, base64) => `// ${notice(wat)}\nexport const SHA256_WASM =\n  "${base64}";\n`,
  },
  {
    wat: "bin/checksum.wat",
    out: "bin/checksum-wasm.cjs",
    source: (wat, base64) => `// ${notice(wat)}\nmodule.exports =\n  "${base64}";\n`,
  },
];

export async function buildWasm() {
  const { parseWat } = await wabt();
  for (const { wat, out, source } of modules) {
    const parsed = parseWat(wat, readFileSync(wat, "utf8"), { bulk_memory: true });
    parsed.validate();
    const { buffer } = parsed.toBinary({});
    parsed.destroy();
    writeFileSync(out, source(wat, Buffer.from(buffer).toString("base64")));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await buildWasm();
