// Node 20 has no compile cache of its own (module.enableCompileCache arrived in 22.1), and
// compiling the bundle from scratch costs more than the start-up budget allows; so on Node 20
// the bundle is compiled with a V8 code cache kept beside it (docs/architecture.md, "Start-up").
// V8 checks a cache only by source length, V8 version and flags, and crashes on a damaged one:
// each cache here carries the SHA-256 of the bundle it was made from, of itself, and the Node
// and V8 versions, and anything that does not match is ignored for a normal compile.
// https://nodejs.org/api/vm.html#scriptcreatecacheddata
// CommonJS, not ESM: bin/berth.js requires it, which costs far less start-up than an import().
const { createHash } = require("node:crypto");
const { readFileSync, renameSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname } = require("node:path");
const vm = require("node:vm");

const MAGIC = "berth-code-cache-1";
const sha256 = (data) => createHash("sha256").update(data).digest("hex");
const runtime = () => ({ node: process.version, v8: process.versions.v8, arch: process.arch });

/** The cache's payload when it was made from this exact bundle by this Node, else undefined. */
function readCodeCache(cacheFile, bundleHash) {
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
      header.bundle === bundleHash &&
      header.node === here.node &&
      header.v8 === here.v8 &&
      header.arch === here.arch;
    return matches && header.payload === sha256(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache atomically (a concurrent run reads the old file or the new one, never half). */
function writeCodeCache(cacheFile, bundleHash, payload) {
  const header = Buffer.from(
    JSON.stringify({ magic: MAGIC, bundle: bundleHash, ...runtime(), payload: sha256(payload) }),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(temporary, Buffer.concat([length, header, payload]));
  renameSync(temporary, cacheFile);
}

/**
 * Compiles and runs the CommonJS bundle as Node's loader would, with the cache when it
 * fits. `save()` stores what V8 compiled so far when the cache was missing or refused
 * (another Node, or V8 flags in NODE_OPTIONS); a read-only install just goes without.
 */
function loadBundle(bundle) {
  const source = readFileSync(bundle, "utf8");
  const bundleHash = sha256(source);
  const cacheFile = `${bundle}.cache`;
  const cachedData = readCodeCache(cacheFile, bundleHash);
  const script = new vm.Script(Module.wrap(source), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  script
    .runInThisContext()
    .call(module.exports, module.exports, Module.createRequire(bundle), module, bundle, dirname(bundle));
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: module.exports,
    save(force = false) {
      if (!stale && !force) return;
      try {
        writeCodeCache(cacheFile, bundleHash, script.createCachedData());
      } catch {
        // No write access to the install: start-up stays correct, only slower.
      }
    },
  };
}

module.exports = { readCodeCache, writeCodeCache, loadBundle };
