import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { UserError } from "../../src/exit-codes.js";
import { motoPatches } from "../../src/sandbox/moto-patches.js";
import { startMotoServer } from "../../src/sandbox/moto-server.js";
import { MOTO_VERSION, reportedMotoVersion, unsupportedMotoVersion } from "../../src/sandbox/moto-version.js";

describe("the moto version the sandbox is tested with", () => {
  test("the test-tools script installs the version the sandbox accepts", () => {
    const script = readFileSync("scripts/install-test-tools.sh", "utf8");
    expect(script).toContain(`MOTO_VERSION="${MOTO_VERSION}"`);
    expect(script).toContain("moto[server]==$MOTO_VERSION");
  });

  test("another minor release is refused, a patch release of the same minor is not", () => {
    const [major, minor] = MOTO_VERSION.split(".");
    expect(unsupportedMotoVersion(MOTO_VERSION)).toBeUndefined();
    expect(unsupportedMotoVersion(`${major}.${minor}.99`)).toBeUndefined();
    expect(unsupportedMotoVersion(`${major}.${Number(minor) + 1}.0`)).toMatch(
      new RegExp(`moto ${major}\\.${Number(minor) + 1}\\.0 is installed; .*tested with moto ${MOTO_VERSION}`),
    );
    expect(unsupportedMotoVersion(undefined)).toMatch(/could not be read/);
  });

  test("the version line is read from moto's stderr, other lines are not", () => {
    expect(reportedMotoVersion("berth-moto-version: 5.2.1")).toBe("5.2.1");
    expect(reportedMotoVersion("127.0.0.1 - - GET /moto-api/data.json 200")).toBeUndefined();
  });
});

describe("the patches, as the Python that moto loads", () => {
  test("they load into the installed moto, patch its target groups and file systems, and report its version", async () => {
    const patches = await motoPatches({ ...process.env, PYTHONPATH: "" });
    try {
      const probe = [
        "from moto.elbv2.models import FakeTargetGroup",
        "from moto.efs.models import FileSystem",
        "abstract = lambda m: hasattr(m.update_from_cloudformation_json, '__isabstractmethod__')",
        "print(abstract(FakeTargetGroup), abstract(FileSystem))",
      ].join("\n");
      const result = spawnSync("python3", ["-c", probe], { env: patches.env, encoding: "utf8" });
      expect(result.stdout.trim()).toBe("False False");
      expect(result.stderr).toContain(`berth-moto-version: ${MOTO_VERSION}`);
    } finally {
      await patches.remove();
    }
  });

  test("without them moto forgets target groups and file systems on update (so the patches still matter)", () => {
    const probe = [
      "from moto.elbv2.models import FakeTargetGroup",
      "print(hasattr(FakeTargetGroup.update_from_cloudformation_json, '__isabstractmethod__'))",
    ].join("\n");
    const result = execFileSync("python3", ["-c", probe], {
      env: { ...process.env, PYTHONPATH: "" },
      encoding: "utf8",
    });
    expect(result.trim()).toBe("True");
  });
});

describe("starting moto", () => {
  test("a moto of another minor release is refused with the version to install", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-fake-moto-"));
    const fake = join(dir, "moto_server");
    // Answers HTTP like moto_server and reports a version the patches were not written for.
    writeFileSync(
      fake,
      [
        `#!${process.execPath}`,
        `process.stderr.write("berth-moto-version: 9.9.0\\n");`,
        `const port = Number(process.argv[process.argv.indexOf("-p") + 1]);`,
        `require("node:http").createServer((q, s) => s.end("{}")).listen(port, "127.0.0.1");`,
      ].join("\n"),
    );
    chmodSync(fake, 0o755);
    const attempt = startMotoServer({ command: fake });
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toMatchObject({
      message: expect.stringContaining(`moto 9.9.0 is installed; berth's sandbox is tested with moto ${MOTO_VERSION}`),
      hint: expect.stringContaining(`pip install 'moto[server]==${MOTO_VERSION}'`),
    });
  });
});
