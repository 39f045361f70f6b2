import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

// docs/permissions.md lists the IAM action of every AWS SDK command berth sends, so the page
// stays true when a call is added. Most commands are named after their action.
const ACTION_OF: Record<string, string> = {
  HeadObject: "GetObject",
  HeadBucket: "ListBucket",
  ListObjectVersions: "ListBucketVersions",
  DeleteObjects: "DeleteObject",
};

function sdkCommands(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .flatMap((f) => [...readFileSync(join(dir, f), "utf8").matchAll(/\b([A-Z][A-Za-z0-9]+)Command\b/g)])
    .map((match) => match[1]!);
}

test("every SDK command in src/aws and src/images appears in docs/permissions.md as its IAM action", () => {
  const doc = readFileSync("docs/permissions.md", "utf8");
  const commands = [...new Set([...sdkCommands("src/aws"), ...sdkCommands("src/images")])];
  expect(commands.length).toBeGreaterThan(40);
  const missing = commands.filter((c) => !new RegExp(`\`[a-z0-9-]+:${ACTION_OF[c] ?? c}\``).test(doc));
  expect(missing).toEqual([]);
});
