import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { readWorkingTree } from "../../src/adapters/git.js";
import { checkTag, readProvenance } from "../../src/images/version.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function repo(): { dir: string; sha: string } {
  const dir = mkdtempSync(join(tmpdir(), "berth-version-"));
  dirs.push(dir);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
      cwd: dir,
      encoding: "utf8",
    });
  git("init", "-q");
  writeFileSync(join(dir, "app.py"), "print('v1')\n");
  git("add", ".");
  git("commit", "-q", "-m", "v1");
  return { dir, sha: git("rev-parse", "--short", "HEAD").trim() };
}

const versionOf = async (dir: string) => (await readProvenance(dir, undefined, readWorkingTree)).version;

describe("the version", () => {
  test("a clean tree is versioned by its commit's short sha", async () => {
    const { dir, sha } = repo();
    expect(await versionOf(dir)).toBe(sha);
  });

  test("an uncommitted change adds -dirty- and a hash of the diff", async () => {
    const { dir, sha } = repo();
    writeFileSync(join(dir, "app.py"), "print('v2')\n");
    expect(await versionOf(dir)).toMatch(new RegExp(`^${sha}-dirty-[0-9a-f]{12}$`));
  });

  test("the same change gives the same version, another change another one", async () => {
    const { dir } = repo();
    writeFileSync(join(dir, "app.py"), "print('v2')\n");
    const first = await versionOf(dir);
    expect(await versionOf(dir)).toBe(first);
    writeFileSync(join(dir, "app.py"), "print('v3')\n");
    expect(await versionOf(dir)).not.toBe(first);
  });

  test("a new untracked file makes the tree dirty", async () => {
    const { dir, sha } = repo();
    writeFileSync(join(dir, "new.py"), "x = 1\n");
    expect(await versionOf(dir)).toMatch(new RegExp(`^${sha}-dirty-`));
  });

  test("--tag replaces the version, and git is then optional", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-nogit-"));
    dirs.push(dir);
    expect(await readProvenance(dir, "release-7", readWorkingTree)).toMatchObject({
      version: "release-7",
      revision: "release-7",
    });
  });

  test("outside git and without --tag, the error says to commit or pass --tag", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-nogit-"));
    dirs.push(dir);
    await expect(readProvenance(dir, undefined, readWorkingTree)).rejects.toMatchObject({
      exitCode: 2,
      hint: "commit first, or pass --tag VERSION",
    });
  });

  test("a tag that registries would refuse is a usage error", () => {
    expect(() => checkTag("has space")).toThrow(/is not an image tag/);
    expect(checkTag("v1.2.3_rc-1")).toBe("v1.2.3_rc-1");
  });
});
