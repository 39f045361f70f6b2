import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { EXIT, UserError } from "../exit-codes.js";
import { sourceUrl, type Provenance } from "./plan.js";

/**
 * The version a release runs: the git commit's short sha, and for an uncommitted tree
 * `-dirty-<hash of the diff>` so two different dirty trees never share a tag while the same
 * dirty tree built twice does. `--tag` replaces all of it.
 */
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
    throw new UserError(`--tag ${JSON.stringify(tag)} is not an image tag`, EXIT.usage, "use up to 128 letters, digits, '.', '_' and '-', not starting with '.' or '-'");
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
  let root: string;
  let sha: string;
  try {
    root = (await git(dir, ["rev-parse", "--show-toplevel"])).trim();
    sha = (await git(root, ["rev-parse", "--short", "HEAD"])).trim();
  } catch {
    throw new UserError(`${dir} is not in a git repository with a commit, so there is no version to tag images with`, EXIT.usage, "commit first, or pass --tag VERSION");
  }
  const [diff, untracked] = await Promise.all([git(root, ["diff", "HEAD", "--binary"]), git(root, ["ls-files", "--others", "--exclude-standard", "-z"])]);
  const files = untracked.split("\0").filter((f) => f !== "");
  const fingerprints = await Promise.all(files.map(async (f) => `${f} ${await fileHash(join(root, f))}\n`));
  const remote = await git(root, ["config", "--get", "remote.origin.url"]).catch(() => "");
  return { sha, change: diff + fingerprints.join(""), ...(remote.trim() ? { remote: remote.trim() } : {}) };
}

async function fileHash(file: string): Promise<string> {
  const content = await readFile(file).catch(() => Buffer.alloc(0));
  return createHash("sha256").update(content).digest("hex");
}

/** The version and the labels' provenance; with `--tag`, git is optional. */
export async function readProvenance(dir: string, tag: string | undefined, now: Date = new Date()): Promise<Provenance> {
  const tree = tag === undefined ? await readWorkingTree(dir) : await readWorkingTree(dir).catch(() => undefined);
  const version = tag !== undefined ? checkTag(tag) : versionOf(tree!);
  const source = tree?.remote ? sourceUrl(tree.remote) : undefined;
  return { version, revision: tree?.sha ?? version, created: now.toISOString(), ...(source ? { source } : {}) };
}
