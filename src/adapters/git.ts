// The git working tree a release's version is read from (src/images/version.ts): the commit,
// the origin remote, and the uncommitted change, asked of the git on this machine.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { EXIT, UserError } from "../exit-codes.js";
import type { WorkingTree } from "../images/image-port.js";

const run = promisify(execFile);

async function git(dir: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", args, { cwd: dir, maxBuffer: 256 * 1024 * 1024, encoding: "utf8" });
  return stdout;
}

/** Reads the working tree that holds `dir`; a directory outside git needs `--tag`. */
export async function readWorkingTree(dir: string): Promise<WorkingTree> {
  // Independent questions in parallel: a no-change push waits for one git start-up, not three.
  const [head, status, remote] = await Promise.all([
    git(dir, ["rev-parse", "--show-toplevel", "--short", "HEAD"]).catch(() => undefined),
    git(dir, ["status", "--porcelain", "-z", "--untracked-files=all"]).catch(() => ""),
    git(dir, ["config", "--get", "remote.origin.url"]).catch(() => ""),
  ]);
  const [root, sha] = head?.trim().split("\n") ?? [];
  if (!root || !sha) {
    throw new UserError(
      `${dir} is not in a git repository with a commit, so there is no version to tag images with`,
      EXIT.usage,
      "commit first, or pass --tag VERSION",
    );
  }
  const tree: WorkingTree = { sha, change: "", ...(remote.trim() ? { remote: remote.trim() } : {}) };
  if (status === "") return tree;
  const untracked = status
    .split("\0")
    .filter((entry) => entry.startsWith("?? "))
    .map((entry) => entry.slice(3));
  const [diff, fingerprints] = await Promise.all([
    git(root, ["diff", "HEAD", "--binary"]),
    Promise.all(untracked.map(async (f) => `${f} ${await fileHash(join(root, f))}\n`)),
  ]);
  return { ...tree, change: diff + fingerprints.join("") };
}

async function fileHash(file: string): Promise<string> {
  const content = await readFile(file).catch(() => Buffer.alloc(0));
  return createHash("sha256").update(content).digest("hex");
}
