import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { parseAction } from "@actions/workflow-parser/actions/index";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";

// GitHub's own parser (@actions/workflow-parser, the one behind the Actions language
// service) checks the files against GitHub's workflow and action schemas.

const workflowErrors = (name: string, content: string) =>
  parseWorkflow({ name, content }, new NoOperationTraceWriter())
    .context.errors.getErrors()
    .map((e) => e.message);
const actionErrors = (name: string, content: string) =>
  parseAction({ name, content }, new NoOperationTraceWriter())
    .context.errors.getErrors()
    .map((e) => e.message);

type Workflow = {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }>; concurrency?: unknown }>;
};
const workflow = (file: string) => parse(readFileSync(file, "utf8")) as Workflow;
const berthSteps = (w: Workflow) =>
  Object.values(w.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.endsWith("/berth@v1")));

describe("the GitHub Actions files", () => {
  test.each([
    "examples/github/deploy.yml",
    "examples/github/preview.yml",
    "examples/github/rollback.yml",
    "examples/github/expire-previews.yml",
  ])("%s is a valid workflow", (file) => {
    expect(workflowErrors(file, readFileSync(file, "utf8"))).toEqual([]);
  });

  test("the checker catches a workflow mistake", () => {
    expect(workflowErrors("bad.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n").length).toBeGreaterThan(
      0,
    );
  });

  test("action.yml is a valid action, and the checker catches an action mistake", () => {
    expect(actionErrors("action.yml", readFileSync("action.yml", "utf8"))).toEqual([]);
    expect(
      actionErrors("action.yml", "name: x\ndescription: y\nruns:\n  using: composite\n  stepz: []\n").length,
    ).toBeGreaterThan(0);
  });

  test("action.yml has the inputs and outputs the examples use", () => {
    const action = parse(readFileSync("action.yml", "utf8")) as { inputs: object; outputs: object };
    expect(Object.keys(action.inputs)).toEqual([
      "command",
      "environment",
      "manifest",
      "version",
      "args",
      "berth-version",
    ]);
    expect(Object.keys(action.outputs)).toEqual(["url", "version", "outcome", "release-id", "cost"]);
    // The preview's pull-request comment says what the preview costs a month.
    expect(readFileSync("examples/github/preview.yml", "utf8")).toContain("COST: ${{ steps.berth.outputs.cost }}");
    const used = ["deploy", "preview", "rollback", "expire-previews"].flatMap((f) =>
      berthSteps(workflow(`examples/github/${f}.yml`)).flatMap((s) => Object.keys(s.with ?? {})),
    );
    expect(used.filter((input) => !(input in action.inputs))).toEqual([]);
  });

  test("deploys take OIDC credentials, never stored keys, and one deploy per environment runs at a time", () => {
    for (const file of ["deploy", "preview", "rollback", "expire-previews"]) {
      const w = workflow(`examples/github/${file}.yml`);
      expect(w.permissions?.["id-token"]).toBe("write");
      const text = readFileSync(`examples/github/${file}.yml`, "utf8");
      expect(text).toContain("aws-actions/configure-aws-credentials@v4");
      expect(text).not.toMatch(/aws-access-key-id|AWS_SECRET_ACCESS_KEY/);
      expect(text).toContain("cancel-in-progress: false");
    }
  });

  test("the CodeBuild buildspec deploys with a version CodeBuild resolved", () => {
    const spec = parse(readFileSync("examples/codebuild/buildspec.yml", "utf8")) as {
      version: number;
      phases: { build: { commands: string[] } };
    };
    expect(spec.version).toBe(0.2);
    expect(spec.phases.build.commands.join("\n")).toMatch(
      /npx --yes "berth-ecs@\$BERTH_VERSION" deploy .*--tag "\$\{CODEBUILD_RESOLVED_SOURCE_VERSION:0:7\}" \$\{BERTH_ACCEPT_DATA_LOSS:\+--yes\}$/,
    );
  });

  test("the buildspec passes --yes only when the build is started to accept a reviewed data-loss change", () => {
    const spec = parse(readFileSync("examples/codebuild/buildspec.yml", "utf8")) as {
      env: { variables: Record<string, string> };
      phases: { build: { commands: string[] } };
    };
    const bin = mkdtempSync(join(tmpdir(), "berth-buildspec-"));
    writeFileSync(join(bin, "npx"), '#!/bin/sh\necho "$@"\n', { mode: 0o755 });
    const run = (overrides: Record<string, string>) =>
      execFileSync("bash", ["-c", spec.phases.build.commands.join("\n")], {
        env: {
          PATH: `${bin}:${process.env.PATH ?? ""}`,
          CODEBUILD_RESOLVED_SOURCE_VERSION: "3f2a1bc9d0e",
          ...spec.env.variables,
          ...overrides,
        },
        encoding: "utf8",
      }).trim();
    expect(run({})).toBe("--yes berth-ecs@0.2.0 deploy --file berth.yml -e production --tag 3f2a1bc");
    expect(run({ BERTH_ACCEPT_DATA_LOSS: "yes" })).toMatch(/--tag 3f2a1bc --yes$/);
  });
});
