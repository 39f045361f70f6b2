import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import wabt from "wabt";
import { SHA256_WASM } from "../../src/render/sha256-wasm.js";
import { sha256 } from "../../src/render/sha256.js";

const reference = (text: string) => createHash("sha256").update(text).digest("hex");

describe("sha256 (WebAssembly)", () => {
  test("digests as node:crypto does, across every padding case and multi-byte UTF-8", () => {
    for (let length = 0; length < 200; length++)
      for (const unit of ["a", "é", "€", "😀", "\u0000"]) {
        const text = unit.repeat(length);
        expect(sha256(text).toString("hex"), `${length} × ${JSON.stringify(unit)}`).toBe(reference(text));
      }
  });

  test("a text larger than its memory grows it; the next, short text is digested afresh", () => {
    const large = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n".repeat(20_000) + "ü".repeat(70_000);
    expect(sha256(large).toString("hex")).toBe(reference(large));
    expect(sha256("abc").toString("hex")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  test("the compiled module is the one its text compiles to (npm run build writes it)", async () => {
    const { parseWat } = await wabt();
    const parsed = parseWat("sha256.wat", readFileSync("src/render/sha256.wat", "utf8"), { bulk_memory: true });
    const compiled = Buffer.from(parsed.toBinary({}).buffer).toString("base64");
    parsed.destroy();
    expect(SHA256_WASM).toBe(compiled);
  });
});
