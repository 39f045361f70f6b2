// node:crypto is loaded on the first hash rather than with the bundle: `validate` never
// hashes, and loading the module alone cost it 16–28 million instructions on Node 22 and 24,
// an eighth of its start-up budget (docs/architecture.md, "Start-up"). bin/berth.js supplies
// process.getBuiltinModule on Node 20 before 20.16.
// https://nodejs.org/api/process.html#processgetbuiltinmoduleid

/** The SHA-256 digest of a UTF-8 string. */
export function sha256(text: string): Buffer {
  return process.getBuiltinModule("node:crypto").createHash("sha256").update(text).digest();
}
