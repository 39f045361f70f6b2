import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { expect } from "vitest";
import { shortForms } from "../../src/aws/deployed-template.js";

// What the example CloudFormation templates (examples/github/iam-roles.yml,
// examples/codepipeline/pipeline.yml) are checked with.

/** cfn-lint's findings on a template text, and its exit status. */
export function cfnLint(text: string): { findings: unknown[]; status: number | null; error?: Error } {
  const file = join(mkdtempSync(join(tmpdir(), "berth-example-")), "template.yml");
  writeFileSync(file, text);
  const run = spawnSync("cfn-lint", ["--format", "json", "--", file], { encoding: "utf8" });
  return { findings: JSON.parse(run.stdout || "[]") as unknown[], status: run.status, error: run.error };
}

/** cfn-lint accepts the template, and rejects a copy with `broken[0]` replaced by `broken[1]`. */
export function expectCfnLintAcceptsOnlyTheRealOne(text: string, broken: [string, string]): void {
  const run = cfnLint(text);
  expect(run.error, "cfn-lint must be installed (pip install cfn-lint)").toBeUndefined();
  expect(run.findings).toEqual([]);
  expect(run.status).toBe(0);
  expect(text).toContain(broken[0]);
  expect(cfnLint(text.replace(broken[0], broken[1])).status).not.toBe(0);
}

type Statement = { Effect: string; Action?: string | string[]; NotAction?: string | string[] };
export type Template = {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};

/** A template as data, its short-form functions (`!Sub`, `!Ref`) read as their long form. */
export const readTemplate = (file: string) =>
  parse(readFileSync(file, "utf8"), { customTags: shortForms, logLevel: "error" }) as Template;

/** The actions a role's inline policies allow. */
export function allowedActions(template: Template, role: string): string[] {
  const policies = (template.Resources[role]!.Properties.Policies ?? []) as {
    PolicyDocument: { Statement: Statement[] };
  }[];
  return policies
    .flatMap((p) => p.PolicyDocument.Statement)
    .filter((s) => s.Effect === "Allow")
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action!]));
}

/** The actions of docs/permissions.md's example policy, berth's own calls. */
export function permissionsExampleActions(): string[] {
  const doc = readFileSync("docs/permissions.md", "utf8");
  const policy = JSON.parse(/## Example policy[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!) as {
    Statement: { Action: string | string[] }[];
  };
  return policy.Statement.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
}

/** Whether one of the allowed actions (`ec2:*`, `elasticloadbalancing:Describe*`) covers an action. */
export const covers = (allowed: string[], action: string) =>
  allowed.some((a) => new RegExp(`^${a.replace(/\*/g, ".*")}$`, "i").test(action));

/** What a role that only plans must never be allowed: anything that changes what runs. */
export const EXECUTING_ACTIONS = [
  "cloudformation:ExecuteChangeSet",
  "cloudformation:DeleteStack",
  "cloudformation:UpdateStack",
  "ecs:RegisterTaskDefinition",
  "ecs:CreateService",
  "ecs:UpdateService",
  "ecs:DeleteService",
  "ecs:RunTask",
  "ecs:ContinueServiceDeployment",
  "iam:PassRole",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
];
