import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { EXAMPLE_CERTIFICATE } from "../render/helpers.js";

// berth writes its output to file descriptors 1 and 2 itself (src/ui/standard-streams.ts):
// these are the cases where a plain write is not the whole story.
const env = { PATH: process.env.PATH ?? "", CASSANDRA_CERTIFICATE_ARN: EXAMPLE_CERTIFICATE };
const render = ["bin/berth.js", "render", "-f", "examples/cassandra/berth.yml", "-e", "production"];

describe("berth's standard output", () => {
  const whole = spawnSync(process.execPath, render, { encoding: "utf8", env });

  test("a reader that goes away (`berth render | head -1`) ends nothing in error", () => {
    expect(whole.stdout.length).toBeGreaterThan(70_000); // more than a pipe holds
    const run = spawnSync(
      "bash",
      ["--norc", "-c", `"${process.execPath}" ${render.join(" ")} | head -n 1; echo "exit \${PIPESTATUS[0]}"`],
      { encoding: "utf8", env },
    );
    expect(run.stdout).toBe("# stack cassandra-production\nexit 0\n");
    expect(run.stderr).toBe("");
  });

  test("a non-blocking pipe that fills up (EAGAIN) still gets every byte, in order", () => {
    // A parent that hands berth the non-blocking end of a pipe and reads it only later.
    const parent = [
      "import os, subprocess, sys, time",
      "r, w = os.pipe()",
      "os.set_blocking(w, False)",
      "child = subprocess.Popen(sys.argv[1:], stdout=w)",
      "os.close(w)",
      "time.sleep(0.5)",
      "chunks = []",
      "while True:",
      "    chunk = os.read(r, 65536)",
      "    if not chunk: break",
      "    chunks.append(chunk)",
      "sys.stdout.buffer.write(b''.join(chunks))",
      "sys.exit(child.wait())",
    ].join("\n");
    const run = spawnSync("python3", ["-c", parent, process.execPath, ...render], { encoding: "utf8", env });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(whole.stdout);
  });
});
