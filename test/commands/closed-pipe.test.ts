import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { expect, test } from "vitest";

// schema runs from the offline bundle, which writes to the descriptors itself; `deploy --help`
// from the full program, which writes through Node's streams (src/ui/standard-streams.ts).
test.each([["schema"], ["deploy", "--help"]])(
  "output piped into a reader that stops early (berth %s | head) ends quietly, with no stack trace",
  async (...args) => {
    const child = spawn(process.execPath, [resolve("bin/berth.js"), ...args], {
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // The reader goes away before berth writes: every write berth makes meets a closed pipe.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  },
);
