// SHA-256 in WebAssembly (sha256.wat) rather than node:crypto: loading node:crypto, and Node's
// stream modules with it, cost `render` 14–28 million instructions at start-up, more than
// hashing the templates in WebAssembly (docs/architecture.md, "Start-up").
import { SHA256_WASM } from "./sha256-wasm.js";

interface Sha256Module {
  memory: WebAssembly.Memory;
  digest(length: number): void;
}

// Where sha256.wat reads the message and leaves the digest.
const MESSAGE = 1024;
const DIGEST = 256;
const PADDING = 72;

let compiled: Sha256Module | undefined;

function instantiate(): Sha256Module {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(SHA256_WASM, "base64")));
  return exports as unknown as Sha256Module;
}

/** The SHA-256 digest of a UTF-8 string. */
export function sha256(text: string): Buffer {
  compiled ??= instantiate();
  const { memory, digest } = compiled;
  // A UTF-16 code unit is at most three bytes of UTF-8.
  const room = MESSAGE + text.length * 3 + PADDING;
  if (memory.buffer.byteLength < room) memory.grow(Math.ceil((room - memory.buffer.byteLength) / 65536));
  const { written } = new TextEncoder().encodeInto(text, new Uint8Array(memory.buffer, MESSAGE));
  digest(written);
  return Buffer.from(memory.buffer.slice(DIGEST, DIGEST + 32));
}
