// Compiles the bundle with a V8 code cache made after a run, on every Node
// (docs/architecture.md, "Start-up"). Node's own compile cache (module.enableCompileCache, 22.1+)
// keeps only what was compiled when the bundle loaded, so on Node 22 and 24 every function
// validate and render call was compiled again on each run; a cache made after the run holds them.
// V8 checks a cache only by source length, V8 version and flags, and crashes on a damaged one:
// each cache here carries the XXH64 checksum and length of the bundle it was made from and of
// itself, and the Node and V8 versions; anything that does not match is ignored for a normal
// compile. XXH64 in WebAssembly (checksum.wat), not SHA-256 or zlib's CRC-32: loading
// node:crypto or node:zlib loads Node's stream modules too, milliseconds of a 25 ms budget, and the
// check guards against accidents (another build, a torn file), not against someone who could
// write the bundle itself.
// https://nodejs.org/api/vm.html#scriptcreatecacheddata
// CommonJS, not ESM: bin/berth.js requires it, which costs far less start-up than an import().
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { homedir } = require("node:os");
const { basename, dirname, join } = require("node:path");
const vm = require("node:vm");
const CHECKSUM_WASM = require("./checksum-wasm.cjs");

const MAGIC = "berth-code-cache-3";
const runtime = () => ({ node: process.version, v8: process.versions.v8, arch: process.arch });

let checksum;
/** The bytes' XXH64 (checksum.wat), as 16 hex digits. */
function xxh64(data) {
  checksum ??= new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(CHECKSUM_WASM, "base64"))).exports;
  const missing = data.length - checksum.memory.buffer.byteLength;
  if (missing > 0) checksum.memory.grow(Math.ceil(missing / 65536));
  new Uint8Array(checksum.memory.buffer).set(data);
  return BigInt.asUintN(64, checksum.xxh64(data.length)).toString(16).padStart(16, "0");
}
const fingerprint = (data) => `${data.length}:${xxh64(data)}`;

/**
 * Where this Node's cache of the bundle lives: beside the bundle (the build writes one for the
 * Node it ran on), or, when the install is read-only, in the user's cache directory. A `family`
 * of commands has a cache of its own, so its functions do not add to what the others load.
 */
function cacheFiles(bundle, bundlePrint, family = "") {
  const name = `${family ? `${family}.` : ""}${process.version}-${process.arch}.cache`;
  const userCache = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return [
    `${bundle}.${name}`,
    join(userCache, "berth", `${basename(bundle)}.${bundlePrint.replace(":", "-")}.${name}`),
  ];
}

/**
 * The cache when it was made from this exact bundle by this Node: its payload, and the commands
 * whose runs it holds; else undefined.
 */
function readCodeCache(cacheFile, bundlePrint) {
  let file;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  try {
    const headerLength = file.readUInt32LE(0);
    const header = JSON.parse(file.subarray(4, 4 + headerLength).toString("utf8"));
    const payload = file.subarray(4 + headerLength);
    const here = runtime();
    const matches =
      header.magic === MAGIC &&
      header.bundle === bundlePrint &&
      header.node === here.node &&
      header.v8 === here.v8 &&
      header.arch === here.arch;
    return matches && header.payload === fingerprint(payload) ? { payload, commands: header.commands } : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache atomically (a concurrent run reads the old file or the new one, never half). */
function writeCodeCache(cacheFile, bundlePrint, payload, commands) {
  const json = JSON.stringify({
    magic: MAGIC,
    bundle: bundlePrint,
    ...runtime(),
    commands,
    payload: fingerprint(payload),
  });
  // The payload starts at a multiple of 8 bytes in the file, so V8 reads it where it lies
  // rather than copying it to an aligned buffer first (JSON ignores the padding spaces).
  const header = Buffer.from(json + " ".repeat((8 - ((4 + Buffer.byteLength(json)) % 8)) % 8));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  mkdirSync(dirname(cacheFile), { recursive: true });
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(temporary, Buffer.concat([length, header, payload]));
  renameSync(temporary, cacheFile);
}

/**
 * Compiles and runs the CommonJS bundle as Node's loader would, with the cache when one fits.
 * `save()` stores what V8 compiled so far when no cache fitted (first run on this Node, another
 * build, V8 flags in NODE_OPTIONS) or when the cache holds no run of these commands yet (their
 * functions were compiled on this run); where nothing can be written, start-up is only slower.
 */
function loadBundle(bundle, commandsRun = [], family = "") {
  const source = readFileSync(bundle);
  const bundlePrint = fingerprint(source);
  const files = cacheFiles(bundle, bundlePrint, family);
  let cache;
  for (const file of files) if ((cache = readCodeCache(file, bundlePrint))) break;
  const script = new vm.Script(Module.wrap(source.toString("utf8")), {
    filename: bundle,
    ...(cache ? { cachedData: cache.payload } : {}),
  });
  const module = { exports: {} };
  script
    .runInThisContext()
    .call(module.exports, module.exports, Module.createRequire(bundle), module, bundle, dirname(bundle));
  const commands = cache !== undefined && script.cachedDataRejected !== true ? cache.commands : undefined;
  return {
    exports: module.exports,
    save(force = false) {
      if (commands && commandsRun.every((c) => commands.includes(c)) && !force) return;
      const payload = script.createCachedData();
      const seen = [...new Set([...(commands ?? []), ...commandsRun])];
      for (const file of files) {
        try {
          return writeCodeCache(file, bundlePrint, payload, seen);
        } catch {
          // Not writable here: try the next place.
        }
      }
    },
  };
}

module.exports = { cacheFiles, fingerprint, xxh64, readCodeCache, writeCodeCache, loadBundle };
