import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { readWorkingTree } from "../../src/adapters/git.js";
import { versionOf } from "../../src/images/version.js";
import { berthAsync } from "../helpers/berth-cli.js";

const project = mkdtempSync(join(tmpdir(), "berth-init-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

test("after init, rendering into .berth/render inside the repository leaves the next version clean", async () => {
  writeFileSync(join(project, "Dockerfile"), "FROM scratch\nEXPOSE 8000\n");
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: project });
  git("init", "-q");
  const init = await berthAsync(["init"], {}, project);
  expect(init.stdout).toContain("added .berth/ to .gitignore");
  expect(readFileSync(join(project, ".gitignore"), "utf8")).toContain(".berth/\n");
  git("add", ".");
  git("commit", "-q", "-m", "berth");
  expect((await berthAsync(["render", "--out", ".berth/render"], {}, project)).code).toBe(0);
  const tree = await readWorkingTree(project);
  expect(versionOf(tree)).toBe(tree.sha);
});

test("init writes the schema its $schema comment names beside berth.yml, the same berth schema prints", async () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-init-schema-"));
  try {
    writeFileSync(join(dir, "Dockerfile"), "FROM scratch\nEXPOSE 8000\n");
    expect((await berthAsync(["init"], {}, dir)).code).toBe(0);
    const named = /\$schema=(\S+)/.exec(readFileSync(join(dir, "berth.yml"), "utf8"))?.[1];
    expect(named).toBe("./berth.schema.json");
    const printed = (await berthAsync(["schema"], {}, dir)).stdout;
    expect(readFileSync(join(dir, named!), "utf8")).toBe(printed);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
