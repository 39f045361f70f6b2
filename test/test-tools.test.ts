import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

/** Runs the installer with only the given commands on PATH (stubs that succeed, or print). */
function installer(commands: Record<string, string>) {
  const bin = mkdtempSync(join(tmpdir(), "berth-tools-"));
  for (const [name, body] of Object.entries(commands)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return spawnSync("/bin/sh", ["scripts/install-test-tools.sh"], { encoding: "utf8", env: { PATH: bin } });
}

const present = { "cfn-lint": "", moto_server: "", buildah: "", "docker-registry": "", tmux: "" };

describe("the test tools installer shared by npm test and CI", () => {
  test("with every tool present it does nothing", () => {
    const run = installer({ ...present, "apt-get": "echo apt-get was run; exit 1" });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, "", ""]);
  });

  test("without root it fails with the exact command that installs what is missing", () => {
    const run = installer({ "cfn-lint": "", moto_server: "", id: "echo 1000" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("run: sudo apt-get install -y buildah docker-registry");
  });

  test("as root it installs the missing Debian packages with apt-get", () => {
    const run = installer({
      "cfn-lint": "",
      moto_server: "",
      buildah: "",
      id: "echo 0",
      "apt-get": 'echo "apt-get $*" >&2',
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("apt-get install -y -qq --no-install-recommends docker-registry");
  });
});
