import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { initialManifest } from "../src/manifest/init.js";
import { berthAsync } from "./helpers/berth-cli.js";

// The README's quickstart shows what `berth init` writes; keep it true.
test("the quickstart's berth.yml is what berth init writes for a Dockerfile that exposes 8000", () => {
  const readme = readFileSync("README.md", "utf8");
  const shown = /`berth init` writes:\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  const written = initialManifest({ directory: "hello", dockerfile: "FROM python:3.12\nEXPOSE 8000\n" });
  if (!written.ok) throw new Error(written.message);
  // The README leaves out init's two comment lines about the docs.
  expect(shown).toBe(
    written.text
      .split("\n")
      .filter((line) => !line.startsWith("# Written by") && !line.startsWith("# `berth validate`"))
      .join("\n"),
  );
});

// The README's line that validates the reference app, run as written (`npx berth` is the built CLI here).
test("the README's validate line for examples/cassandra succeeds", async () => {
  const readme = readFileSync("README.md", "utf8");
  const line = /^\s*(\w+)=(\S+) npx berth (validate -f examples\/cassandra\/berth\.yml)$/m.exec(readme);
  expect(line).not.toBeNull();
  const [, name, value, args] = line!;
  const run = await berthAsync(args!.split(" "), { [name!]: value });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
});

// A one-line change waited out the 5-minute bake at real speed: the quickstart runs the sandbox faster, and says why.
test("the quickstart starts the sandbox at --speed 20, explains the bake, and exports AWS_DEFAULT_REGION", () => {
  const readme = readFileSync("README.md", "utf8");
  const quickstart = readme.slice(readme.indexOf("## Quickstart"), readme.indexOf("## Commands"));
  expect(quickstart).toMatch(/^npx berth sandbox --speed 20 /m);
  expect(quickstart).toMatch(/bake\s+time\*\* \(`deploy.bake`, 5 minutes by default\)/);
  expect(quickstart).toMatch(/^export AWS_ENDPOINT_URL=\S+ AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 /m);
});
