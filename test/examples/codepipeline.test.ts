import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import {
  allowedActions,
  expectCfnLintAcceptsOnlyTheRealOne,
  covers,
  EXECUTING_ACTIONS,
  permissionsExampleActions,
  readTemplate,
} from "./iam-templates.js";

const FILE = "examples/codepipeline/pipeline.yml";
const text = readFileSync(FILE, "utf8");
const template = readTemplate(FILE);

type Action = {
  Name: string;
  Namespace?: string;
  ActionTypeId: { Category: string; Provider: string };
  Configuration?: Record<string, unknown>;
  InputArtifacts?: { Name: string }[];
  OutputArtifacts?: { Name: string }[];
};
const stages = (template.Resources.Pipeline!.Properties.Stages as { Name: string; Actions: Action[] }[]).map(
  (stage) => ({ name: stage.Name, action: stage.Actions[0]! }),
);
const action = (name: string) => stages.find((s) => s.name === name)!.action;
type BuildSpec = {
  env: { "exported-variables"?: string[] };
  phases: { build: { commands: string[] } };
  artifacts?: { files: string[] };
};
const buildSpec = (project: string) =>
  parse((template.Resources[project]!.Properties.Source as { BuildSpec: string }).BuildSpec) as BuildSpec;

/** The build commands as CodeBuild runs them (one bash, stopping at the first failure), with `npx` faked. */
function runBuild(spec: BuildSpec, npx: string, env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "berth-pipeline-"));
  writeFileSync(join(dir, "npx"), `#!/bin/bash\necho "$@" >> "${dir}/npx-args"\n${npx}\n`, { mode: 0o755 });
  const exported = (spec.env["exported-variables"] ?? []).map((v) => `echo "${v}=\${${v}}"`);
  const script = ["set -e", ...spec.phases.build.commands, ...exported].join("\n");
  const run = spawnSync("bash", ["-c", script], {
    cwd: dir,
    env: { PATH: `${dir}:${process.env.PATH ?? ""}`, ...env },
    encoding: "utf8",
  });
  const args = existsSync(join(dir, "npx-args")) ? readFileSync(join(dir, "npx-args"), "utf8").trim() : "";
  return { ...run, dir, args };
}
const CODEBUILD = {
  BERTH_VERSION: "0.2.0",
  BERTH_ENVIRONMENT: "production",
  CODEBUILD_RESOLVED_SOURCE_VERSION: "3f2a1bc9d0e",
  CODEBUILD_BUILD_URL: "https://console.aws.amazon.com/codesuite/codebuild/projects/p/build/p:1",
};

describe("examples/codepipeline/pipeline.yml", () => {
  test("cfn-lint accepts it, and catches a broken copy", () => {
    expectCfnLintAcceptsOnlyTheRealOne(text, ["Type: AWS::CodePipeline::Pipeline", "Type: AWS::CodePipeline::Pipelin"]);
  }, 120_000);

  test("source from GitHub through a CodeConnections connection, then plan, approve, apply", () => {
    expect(stages.map((s) => s.name)).toEqual(["Source", "Plan", "Approve", "Apply"]);
    expect(action("Source").ActionTypeId.Provider).toBe("CodeStarSourceConnection");
    expect(template.Resources.GitHubConnection!.Type).toBe("AWS::CodeConnections::Connection");
    expect(action("Approve").ActionTypeId).toMatchObject({ Category: "Approval", Provider: "Manual" });
    // apply runs on the plan's artifact, not on the source again.
    expect(action("Apply").InputArtifacts).toEqual(action("Plan").OutputArtifacts);
  });

  test("the approval's message is the plan's summary, and its link the plan's build log", () => {
    const namespace = action("Plan").Namespace!;
    const exported = buildSpec("PlanProject").env["exported-variables"];
    const config = action("Approve").Configuration!;
    for (const value of [config.CustomData, config.ExternalEntityLink]) {
      const [, ns, variable] = /^#\{(\w+)\.(\w+)\}$/.exec(value as string)!;
      expect(ns).toBe(namespace);
      expect(exported).toContain(variable);
    }
  });

  test("the plan build writes plan.json into its artifact and a one-line summary of at most 400 characters", () => {
    const planText = [
      "Plan for shop-production",
      "",
      "  ~ web: image 1a2b3c → 4d5e6f",
      ...Array(40).fill("  + a line"),
    ];
    const run = runBuild(
      buildSpec("PlanProject"),
      `printf '%s\\n' ${planText.map((l) => `'${l}'`).join(" ")}; echo '{}' > plan.json`,
      CODEBUILD,
    );
    expect(run.stderr).not.toMatch(/command not found|syntax error/);
    expect(run.status).toBe(0);
    expect(run.args).toBe("--yes berth-ecs@0.2.0 plan --file berth.yml -e production --tag 3f2a1bc --out plan.json");
    expect(existsSync(join(run.dir, "plan.json"))).toBe(true);
    expect(buildSpec("PlanProject").artifacts?.files).toEqual(["**/*"]);
    const summary = /^BERTH_PLAN_SUMMARY=(.*)$/m.exec(run.stdout)![1]!;
    expect(
      summary.startsWith("production at 3f2a1bc — Plan for shop-production ~ web: image 1a2b3c → 4d5e6f + a line"),
    ).toBe(true);
    expect([...summary].length).toBeLessThanOrEqual(400 + "production at 3f2a1bc — ".length);
    expect(run.stdout).toContain(`BERTH_PLAN_LOG=${CODEBUILD.CODEBUILD_BUILD_URL}`);
  });

  test("a plan that fails fails the build, though its output goes through tee", () => {
    const run = runBuild(buildSpec("PlanProject"), "echo 'berth.yml:3:5 services.web: unknown key'; exit 1", CODEBUILD);
    expect(run.status).not.toBe(0);
    expect(run.stdout).not.toContain("BERTH_PLAN_SUMMARY=");
  });

  test("the apply build runs berth apply on the plan, with --yes: the approval was the decision", () => {
    const run = runBuild(buildSpec("ApplyProject"), "", { BERTH_VERSION: "0.2.0" });
    expect(run.status).toBe(0);
    expect(run.args).toBe("--yes berth-ecs@0.2.0 apply plan.json --yes");
  });

  test("the plan's role can create change sets but nothing that changes what runs", () => {
    const allowed = allowedActions(template, "PlanRole");
    expect(allowed).toContain("cloudformation:CreateChangeSet");
    expect(EXECUTING_ACTIONS.filter((a) => covers(allowed, a))).toEqual([]);
  });

  test("between them the roles are allowed every action docs/permissions.md's example policy lists; only the plan pushes images", () => {
    const listed = permissionsExampleActions();
    const plan = allowedActions(template, "PlanRole");
    const apply = allowedActions(template, "ApplyRole");
    expect(listed.length).toBeGreaterThan(40);
    expect(listed.filter((a) => !covers(apply, a) && !covers(plan, a))).toEqual([]);
    expect(covers(plan, "ecr:PutImage")).toBe(true);
    expect(covers(apply, "ecr:PutImage")).toBe(false);
  });

  test("the artifact bucket is encrypted, private and reachable over TLS only", () => {
    const bucket = template.Resources.ArtifactBucket!.Properties;
    expect(JSON.stringify(bucket.BucketEncryption)).toContain("aws:kms");
    expect(Object.values(bucket.PublicAccessBlockConfiguration as object)).toEqual([true, true, true, true]);
    const policy = template.Resources.ArtifactBucketPolicy!.Properties.PolicyDocument as {
      Statement: { Effect: string; Condition: unknown }[];
    };
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
  });
});

test("the buildspecs' bash is valid", () => {
  for (const project of ["PlanProject", "ApplyProject"])
    execFileSync("bash", ["-n", "-c", buildSpec(project).phases.build.commands.join("\n")]);
});
