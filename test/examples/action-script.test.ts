import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, test } from "vitest";

// action.yml's script run by bash as the runner would, with the inputs in its environment
// and an `npx` on PATH that prints the command line it was given, one argument a line.

type Action = { runs: { steps: Array<{ run: string; env: Record<string, string> }> } };
const step = (parse(readFileSync("action.yml", "utf8")) as Action).runs.steps[0]!;
const bin = mkdtempSync(join(tmpdir(), "berth-action-"));
writeFileSync(join(bin, "npx"), '#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n', { mode: 0o755 });
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function run(inputs: Record<string, string>): string[] {
  const defaults: Record<string, string> = {
    command: "deploy",
    environment: "",
    manifest: "berth.yml",
    version: "",
    args: "",
    "berth-version": "latest",
  };
  const values = { ...defaults, ...inputs };
  // Each env entry is `${{ inputs.NAME }}`: the runner puts the input's value there.
  const env = Object.fromEntries(
    Object.entries(step.env).map(([name, expression]) => [name, values[/inputs\.([\w-]+)/.exec(expression)![1]!]!]),
  );
  const out = execFileSync("bash", ["-c", step.run], {
    env: { PATH: `${bin}:${process.env.PATH ?? ""}`, ...env },
    encoding: "utf8",
  });
  return out.trim().split("\n").slice(1);
}

describe("the action's script", () => {
  test("deploys with the manifest, environment and version given", () => {
    expect(run({ environment: "production", version: "v1.4.0", args: "--yes" })).toEqual([
      "--yes",
      "berth-ecs@latest",
      "deploy",
      "--file",
      "berth.yml",
      "-e",
      "production",
      "--tag",
      "v1.4.0",
      "--yes",
    ]);
  });

  test("leaves out what was not given", () => {
    expect(run({ command: "destroy", args: "--preview --yes" })).toEqual([
      "--yes",
      "berth-ecs@latest",
      "destroy",
      "--file",
      "berth.yml",
      "--preview",
      "--yes",
    ]);
  });

  test("an input holding shell syntax stays one argument and runs nothing", () => {
    expect(run({ environment: "$(touch /tmp/pwned); `id`" })).toContain("$(touch /tmp/pwned); `id`");
  });
});
