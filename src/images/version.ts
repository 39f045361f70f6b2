// The version a release runs: the git commit's short sha, and for an uncommitted tree
// `-dirty-<hash of the diff>` so two different dirty trees never share a tag while the same
// dirty tree built twice does. `--tag` replaces all of it.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { EXIT, UserError } from "../exit-codes.js";
import { sourceUrl, type Provenance } from "./plan.js";

export interface WorkingTree {
  sha: string;
  /** The origin remote's URL, when there is one. */
  remote?: string;
  /** The uncommitted change (tracked diff and untracked files), empty for a clean tree. */
  change: string;
}

const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function versionOf(tree: WorkingTree): string {
  if (tree.change === "") return tree.sha;
  return `${tree.sha}-dirty-${createHash("sha256").update(tree.change).digest("hex").slice(0, 12)}`;
}

export function checkTag(tag: string): string {
  if (!TAG_PATTERN.test(tag)) {
    throw new UserError(
      `--tag ${JSON.stringify(tag)} is not an image tag`,
      EXIT.usage,
      "use up to 128 letters, digits, '.', '_' and '-', not starting with '.' or '-'",
    );
  }
  return tag;
}

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

/** The version and the labels' provenance; with `--tag`, git is optional. */
export async function readProvenance(
  dir: string,
  tag: string | undefined,
  now: Date = new Date(),
): Promise<Provenance> {
  const tree = tag === undefined ? await readWorkingTree(dir) : await readWorkingTree(dir).catch(() => undefined);
  const version = tag !== undefined ? checkTag(tag) : versionOf(tree!);
  const source = tree?.remote ? sourceUrl(tree.remote) : undefined;
  return { version, revision: tree?.sha ?? version, created: now.toISOString(), ...(source ? { source } : {}) };
}

/** The version images would get (the `version` output on GitHub Actions); undefined outside git without --tag. */
export async function knownVersion(dir: string, tag: string | undefined): Promise<string | undefined> {
  return (await readProvenance(dir, tag).catch(() => undefined))?.version;
}
