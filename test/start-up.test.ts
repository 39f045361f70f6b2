import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";
import wabt from "wabt";

const require = createRequire(import.meta.url);

const codeCache = resolve("bin/code-cache.cjs");

/** A tiny bundle in a directory of its own, with the loader's code cache beside it. */
function bundleDir(text: string) {
  const dir = mkdtempSync(join(tmpdir(), "berth-start-up-"));
  const bundle = join(dir, "cli.cjs");
  writeFileSync(bundle, `exports.main = async () => { console.log(${JSON.stringify(text)}); };\n`);
  // Load, run and save: the cache then also holds main, compiled on its first call.
  const load = (save: string, command: string) =>
    `(async () => { const l = require(${JSON.stringify(codeCache)}).loadBundle(${JSON.stringify(bundle)}, [${JSON.stringify(command)}]); await l.exports.main(); l.save(${save}); })()`;
  const run = (save = "false", command = "validate", env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ["-e", load(save, command)], { encoding: "utf8", env: { ...process.env, ...env } });
  return { dir, bundle, cache: `${bundle}.${process.version}-${process.arch}.cache`, run };
}

describe("the code cache's checksum (XXH64 in WebAssembly)", () => {
  const { xxh64 } = require(codeCache) as { xxh64: (data: Buffer) => string };
  const pattern = (length: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 131 + 7) & 255));

  test("gives XXH64's digests: the specification's, and hash-wasm 4.13's for each tail and stripe case", () => {
    expect(xxh64(Buffer.from(""))).toBe("ef46db3751d8e999");
    expect(xxh64(Buffer.from("abc"))).toBe("44bc2cf5ad770999");
    const expected: Record<number, string> = {
      1: "a96c7f0ce858bbb7",
      7: "2744460dd675d2c0",
      8: "994b676b71ce94dd",
      31: "6711d55e306b5d8f",
      32: "07f7b8e3bc5d6e25",
      33: "09f85eeb4e1cbe9f",
      63: "b7c9968c066cb6a5",
      64: "50d4159a0411632e",
      100: "9ddada11d3dc2d8f",
      1000: "0bf0bdbcc82eb373",
    };
    for (const [length, digest] of Object.entries(expected)) expect(xxh64(pattern(Number(length)))).toBe(digest);
  });

  test("a bundle larger than its memory grows it; a shorter one after it is checked on its own bytes", () => {
    const large = pattern(3 * 65_536 + 5);
    const digest = xxh64(large);
    expect(xxh64(Buffer.from("abc"))).toBe("44bc2cf5ad770999");
    large.writeUInt8(large.readUInt8(large.length - 1) ^ 1, large.length - 1);
    expect(xxh64(large)).not.toBe(digest);
  });

  test("the compiled module is the one its text compiles to (npm run build writes it)", async () => {
    const { parseWat } = await wabt();
    const parsed = parseWat("checksum.wat", readFileSync("bin/checksum.wat", "utf8"), { bulk_memory: true });
    const compiled = Buffer.from(parsed.toBinary({}).buffer).toString("base64");
    parsed.destroy();
    expect(require("../bin/checksum-wasm.cjs")).toBe(compiled);
  });
});

describe("the code cache", () => {
  test("a same-length edit of the bundle runs the new code, not the cached one", () => {
    const b = bundleDir("old");
    expect(b.run("true").stdout).toBe("old\n");
    writeFileSync(b.bundle, readFileSync(b.bundle, "utf8").replace("old", "new"));
    expect(b.run().stdout).toBe("new\n");
  });

  test("a damaged cache is ignored for a normal load, and replaced", () => {
    const b = bundleDir("hello");
    b.run("true");
    const cache = readFileSync(b.cache);
    for (let i = cache.length - 200; i < cache.length; i++) cache[i] = cache[i]! ^ 0xff;
    writeFileSync(b.cache, cache);
    const run = b.run();
    expect([run.status, run.signal, run.stdout]).toEqual([0, null, "hello\n"]);
    expect(readFileSync(b.cache).equals(cache)).toBe(false);
  });

  test("a cache is written on the first run, and again only for a command it holds no run of", () => {
    const b = bundleDir("hello");
    expect(existsSync(b.cache)).toBe(false);
    b.run();
    const first = readFileSync(b.cache);
    expect(first.toString("latin1")).toContain('"commands":["validate"]');
    // The payload starts 8-byte aligned, so V8 reads it in place rather than copying it.
    expect((4 + first.readUInt32LE(0)) % 8).toBe(0);
    b.run();
    expect(readFileSync(b.cache).equals(first)).toBe(true);
    b.run("false", "render");
    expect(readFileSync(b.cache, "latin1")).toContain('"commands":["validate","render"]');
  });

  test("where the bundle's folder cannot be written, the cache goes to the user's cache folder", () => {
    const b = bundleDir("hello");
    // A directory where the cache file would be: the write beside the bundle fails.
    mkdirSync(b.cache);
    const cacheHome = mkdtempSync(join(tmpdir(), "berth-cache-home-"));
    const run = b.run("false", "validate", { XDG_CACHE_HOME: cacheHome });
    expect([run.status, run.stdout]).toEqual([0, "hello\n"]);
    const written = readdirSync(join(cacheHome, "berth"));
    expect(written).toEqual([expect.stringMatching(/^cli\.cjs\.\d+-[0-9a-f]{16}\.v[\d.]+-\w+\.cache$/)]);
    // The next run reads it there, and does not write again.
    const before = statSync(join(cacheHome, "berth", written[0]!)).mtimeMs;
    b.run("false", "validate", { XDG_CACHE_HOME: cacheHome });
    expect(statSync(join(cacheHome, "berth", written[0]!)).mtimeMs).toBe(before);
  });

  test("a cache made by another Node version is ignored", () => {
    const b = bundleDir("hello");
    b.run("true");
    const cache = readFileSync(b.cache);
    writeFileSync(
      b.cache,
      Buffer.from(
        cache.toString("latin1").replace(process.version, "v0.0.0".padEnd(process.version.length, "0")),
        "latin1",
      ),
    );
    const run = b.run();
    expect([run.status, run.stdout]).toEqual([0, "hello\n"]);
    expect(readFileSync(b.cache, "latin1")).toContain(`"node":"${process.version}"`);
  });
});

describe("bin/berth.js", () => {
  const berth = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ["bin/berth.js", ...args], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", ...env },
    });

  test("no environment variable makes berth skip the command it was given", () => {
    const warmup = { BERTH_COMPILE_CACHE: "write", BERTH_WARMUP: JSON.stringify([["--help"]]) };
    const run = berth(["validate", "-f", "missing/berth.yml"], warmup);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("missing/berth.yml:1:1: file not found");
  });

  test("with BERTH_DEBUG=1, an internal error's stack names berth's source files and lines", () => {
    // A bug stood in by a preload: JSON.stringify throws when the schema command prints the schema.
    const run = spawnSync(
      process.execPath,
      ["--require", "./test/fixtures/schema-print-throws.cjs", "bin/berth.js", "schema"],
      {
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", BERTH_DEBUG: "1" },
      },
    );
    expect(run.stderr).toContain("internal error");
    expect(run.stderr).toMatch(/src\/[\w/-]+\.ts:\d+:\d+/);
  });

  test("berth --help prints the whole program's help, every command listed", () => {
    const full = spawnSync(process.execPath, ["-e", 'require("./dist/cli.cjs").main(["node", "berth", "--help"])'], {
      encoding: "utf8",
    });
    const run = berth(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(full.stdout);
    expect(run.stdout).toMatch(/deploy[\s\S]*rollback[\s\S]*sandbox/);
  });

  test.each([["validate", "-f", "examples/hello/berth.yml"], ["render", "-f", "examples/hello/berth.yml"], ["schema"]])(
    "berth %s starts from the bundle without the deployers",
    (...args) => {
      const log = join(mkdtempSync(join(tmpdir(), "berth-requires-")), "requires.log");
      writeFileSync(log, "");
      // BERTH_DEBUG loads the bundle with require() on every Node, so the recorder sees which.
      const recorded = ["--require", "./test/fixtures/record-requires.cjs", "bin/berth.js", ...args];
      const run = spawnSync(process.execPath, recorded, {
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", BERTH_REQUIRE_LOG: log, BERTH_DEBUG: "1" },
      });
      const bundles = readFileSync(log, "utf8")
        .split("\n")
        .filter((m) => m.includes("dist/"));
      expect(bundles.map((m) => m.replace(/.*dist\//, ""))).toEqual(["offline-cli.cjs"]);
      expect(run.status).toBe(0);
    },
  );

  test("an unknown option of an offline command is a usage error, as in the full program", () => {
    const run = berth(["validate", "--nope"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown option '--nope'");
  });

  test("on any Node, the first run of a command writes this Node's cache beside the bundle", () => {
    // An install of its own: bin/ and the bundles, without the caches the build made.
    const install = mkdtempSync(join(tmpdir(), "berth-install-"));
    cpSync("bin", join(install, "bin"), { recursive: true });
    mkdirSync(join(install, "dist"));
    for (const file of ["offline-cli.cjs", "help.txt"]) cpSync(join("dist", file), join(install, "dist", file));
    const temporary = mkdtempSync(join(tmpdir(), "berth-node-cache-"));
    const run = spawnSync(
      process.execPath,
      [join(install, "bin/berth.js"), "validate", "-f", "examples/hello/berth.yml"],
      {
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", TMPDIR: temporary },
      },
    );
    expect(run.status).toBe(0);
    const cache = join(install, "dist", `offline-cli.cjs.${process.version}-${process.arch}.cache`);
    expect(readFileSync(cache, "latin1")).toContain('"commands":["validate"]');
    // Node's own compile cache is not used: it would hold only what was compiled at load.
    expect(existsSync(join(temporary, "node-compile-cache"))).toBe(false);
    // cost has a cache of its own: its functions stay out of the one validate and render load.
    cpSync("prices", join(install, "prices"), { recursive: true });
    const cost = spawnSync(
      process.execPath,
      [join(install, "bin/berth.js"), "cost", "-f", "examples/hello/berth.yml", "--region", "us-east-1"],
      { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } },
    );
    expect(cost.status, cost.stderr).toBe(0);
    const costCache = join(install, "dist", `offline-cli.cjs.cost.${process.version}-${process.arch}.cache`);
    expect(readFileSync(costCache, "latin1")).toContain('"commands":["cost"]');
    expect(readFileSync(cache, "latin1")).toContain('"commands":["validate"]');
  });
});
