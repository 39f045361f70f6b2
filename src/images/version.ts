// The version a release runs: the git commit's short sha, and for an uncommitted tree
// `-dirty-<hash of the diff>` so two different dirty trees never share a tag while the same
// dirty tree built twice does. `--tag` replaces all of it.

import { createHash } from "node:crypto";
import { EXIT, UserError } from "../exit-codes.js";
import type { WorkingTree, WorkingTreeReader } from "./image-port.js";
import { sourceUrl, type Provenance } from "./plan.js";

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

/** The version and the labels' provenance; with `--tag`, git is optional. */
export async function readProvenance(
  dir: string,
  tag: string | undefined,
  readWorkingTree: WorkingTreeReader,
  now: Date = new Date(),
): Promise<Provenance> {
  const tree = tag === undefined ? await readWorkingTree(dir) : await readWorkingTree(dir).catch(() => undefined);
  const version = tag !== undefined ? checkTag(tag) : versionOf(tree!);
  const source = tree?.remote ? sourceUrl(tree.remote) : undefined;
  return { version, revision: tree?.sha ?? version, created: now.toISOString(), ...(source ? { source } : {}) };
}

/** The version images would get (the `version` output on GitHub Actions); undefined outside git without --tag. */
export async function knownVersion(
  dir: string,
  tag: string | undefined,
  readWorkingTree: WorkingTreeReader,
): Promise<string | undefined> {
  return (await readProvenance(dir, tag, readWorkingTree).catch(() => undefined))?.version;
}
