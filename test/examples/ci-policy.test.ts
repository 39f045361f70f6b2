import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { condition, interpolate } from "./github-expressions.js";
import {
  allowedActions,
  covers,
  expectCfnLintAcceptsOnlyTheRealOne,
  EXECUTING_ACTIONS,
  readTemplate,
} from "./iam-templates.js";

type Step = { id?: string; uses?: string; if?: string; with?: Record<string, string>; env?: Record<string, string> };
type Job = {
  if?: string;
  needs?: string;
  environment?: string | { name: string };
  concurrency?: { group: string; "cancel-in-progress": boolean };
  steps: Step[];
};
const jobsOf = (file: string) =>
  (parse(readFileSync(`examples/github/${file}.yml`, "utf8")) as { jobs: Record<string, Job> }).jobs;
const berthStep = (job: Job) => job.steps.find((s) => s.uses?.endsWith("/berth@v1"))!;
const environmentOf = (job: Job) => (typeof job.environment === "string" ? job.environment : job.environment?.name);
const ALL = ["deploy", "preview", "rollback"].flatMap((file) =>
  Object.entries(jobsOf(file)).map(([name, job]) => ({ file, name, job })),
);

describe("the CI examples a team copies", () => {
  test("every berth step pins the berth-ecs version", () => {
    for (const { file, name, job } of ALL)
      expect(berthStep(job).with?.["berth-version"], `${file} ${name}`).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test("every job assumes its GitHub environment's role, so its OIDC subject names that environment", () => {
    for (const { file, name, job } of ALL) {
      const credentials = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"));
      expect(credentials?.with?.["role-to-assume"], `${file} ${name}`).toBe("${{ vars.AWS_ROLE_ARN }}");
      expect(environmentOf(job), `${file} ${name}`).toBeTruthy();
    }
  });

  test("production is planned with the version this run deployed to staging, by digest, never a rebuild", () => {
    const { staging, "production-plan": plan } = jobsOf("deploy");
    expect(plan!.needs).toBe("staging");
    const step = berthStep(plan!);
    expect(step.with).toMatchObject({ command: "plan", environment: "production" });
    const context = { inputs: {}, needs: { staging: { outputs: { version: "3f2a1bc" } } } };
    expect(interpolate(step.with!.version!, context)).toBe("3f2a1bc");
    expect(interpolate(step.with!.args!, context).trim().split(/\s+/)).toEqual([
      "--images-from",
      "staging",
      "--out",
      "plan.json",
    ]);
    expect(berthStep(staging!).with?.version).toBeUndefined();
  });

  test("production applies the plan it downloads, after its reviewers, and nothing else", () => {
    const { "production-plan": plan, production } = jobsOf("deploy");
    // The plan job runs in an environment without reviewers; its role can only plan.
    expect(environmentOf(plan!)).toBe("production-plan");
    expect(environmentOf(production!)).toBe("production");
    expect(production!.needs).toBe("production-plan");
    const upload = plan!.steps.find((s) => s.uses?.startsWith("actions/upload-artifact"))!;
    const download = production!.steps.find((s) => s.uses?.startsWith("actions/download-artifact"))!;
    expect(plan!.steps.indexOf(upload)).toBeGreaterThan(plan!.steps.indexOf(berthStep(plan!)));
    expect(upload.with).toMatchObject({ path: "plan.json", "if-no-files-found": "error" });
    expect(download.with?.name).toBe(upload.with?.name);
    const apply = berthStep(production!);
    expect(production!.steps.indexOf(download)).toBeLessThan(production!.steps.indexOf(apply));
    expect(apply.with?.command).toBe("apply");
    // apply takes the environment, images and change sets from the plan: nothing to override.
    expect(apply.with?.environment).toBeUndefined();
    expect(apply.with?.version).toBeUndefined();
    expect(interpolate(apply.with!.args!, { inputs: {} }).split(/\s+/)).toEqual(["plan.json", "--yes"]);
  });

  test("the plan and its apply share production's concurrency group, so no plan is made while one is applied", () => {
    const { "production-plan": plan, production } = jobsOf("deploy");
    expect(plan!.concurrency).toEqual(production!.concurrency);
    expect(production!.concurrency).toEqual({ group: "berth-production", "cancel-in-progress": false });
  });

  test("staging passes --yes only on a run started to accept a reviewed data-loss change; the plan never", () => {
    const { staging, "production-plan": plan } = jobsOf("deploy");
    const args = (job: Job, inputs: object) =>
      interpolate(berthStep(job).with?.args ?? "", { inputs, needs: { staging: { outputs: {} } } }).split(/\s+/);
    expect(args(staging!, {})).not.toContain("--yes"); // a push
    expect(args(staging!, { "accept-data-loss": false })).not.toContain("--yes");
    expect(args(staging!, { "accept-data-loss": true })).toContain("--yes");
    expect(args(plan!, { "accept-data-loss": true })).not.toContain("--yes");
  });

  test("rollback has a concurrency group of its own that cancels nothing, and passes --yes", () => {
    const { rollback } = jobsOf("rollback");
    const deployGroups = Object.values(jobsOf("deploy")).map((j) => j.concurrency!.group);
    const group = interpolate(rollback!.concurrency!.group, { inputs: { environment: "production" } });
    expect(deployGroups).not.toContain(group);
    expect(group).toBe("berth-rollback-production");
    expect(rollback!.concurrency!["cancel-in-progress"]).toBe(false);
    expect(interpolate(berthStep(rollback!).with!.args!, { inputs: { release: "" } }).split(/\s+/)).toContain("--yes");
  });

  test("a preview is deployed only for a pull request labelled preview, from this repository", () => {
    const { deploy, destroy } = jobsOf("preview");
    const event = (action: string, labels: string[], label?: string, fork = false) => ({
      github: {
        repository: "acme/shop",
        event: {
          action,
          ...(label ? { label: { name: label } } : {}),
          pull_request: {
            labels: labels.map((name) => ({ name })),
            head: { repo: { full_name: fork ? "x/shop" : "acme/shop" } },
          },
        },
      },
    });
    const runs = (job: Job, context: object) => condition(job.if!, context as Record<string, unknown>);
    expect(runs(deploy!, event("opened", []))).toBe(false);
    expect(runs(deploy!, event("synchronize", ["preview"]))).toBe(true);
    expect(runs(deploy!, event("labeled", ["preview"], "preview"))).toBe(true);
    expect(runs(deploy!, event("labeled", ["preview", "bug"], "bug"))).toBe(false); // already deployed
    expect(runs(deploy!, event("unlabeled", ["preview"], "bug"))).toBe(false);
    expect(runs(deploy!, event("opened", ["preview"], undefined, true))).toBe(false);
    expect(runs(destroy!, event("unlabeled", [], "preview"))).toBe(true);
    expect(runs(destroy!, event("unlabeled", ["preview"], "bug"))).toBe(false);
    expect(runs(destroy!, event("closed", ["preview"]))).toBe(true);
    expect(runs(destroy!, event("closed", []))).toBe(false);
  });

  test("a failed preview comments on the pull request with the run's log", () => {
    const comment = jobsOf("preview").deploy!.steps.find((s) => s.uses?.startsWith("actions/github-script"))!;
    expect(comment.if).toBe("always()");
    expect(comment.env?.OUTCOME).toBe("${{ steps.berth.outcome }}");
    const script = (comment.with as { script: string }).script;
    expect(script).toContain("failed to deploy");
    expect(script).toContain("env.LOG");
  });
});

describe("examples/github/iam-roles.yml", () => {
  const template = readFileSync("examples/github/iam-roles.yml", "utf8");

  test("cfn-lint accepts it, and catches a broken copy", () => {
    expectCfnLintAcceptsOnlyTheRealOne(template, ["Type: AWS::IAM::ManagedPolicy", "Type: AWS::IAM::ManagedPolicee"]);
  }, 120_000);

  test("one role per GitHub environment the workflows use, trusted only by that environment's jobs", () => {
    const environments = [...new Set(ALL.map(({ job }) => environmentOf(job)!))]
      .flatMap((e) => (e.includes("${{") ? ["staging", "production"] : [e]))
      .sort();
    const github = [...template.matchAll(/^ {6}GitHub: (\S+)$/gm)].map((m) => m[1]).sort();
    expect([...new Set(environments)]).toEqual(github);
    expect(template).toContain("token.actions.githubusercontent.com:sub: !Sub");
    expect(template).toContain("- repo:${GitHubRepository}:environment:${Name}");
    expect(template).toContain("token.actions.githubusercontent.com:aud: sts.amazonaws.com");
  });

  test("the roles are allowed every action docs/permissions.md's example policy lists", () => {
    const doc = readFileSync("docs/permissions.md", "utf8");
    const policy = JSON.parse(/## Example policy[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!) as {
      Statement: { Action: string | string[] }[];
    };
    const listed = policy.Statement.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    const allowed = [
      ...template.matchAll(/^ +- ([a-z0-9-]+:[A-Za-z*]+)$/gm),
      ...template.matchAll(/"?([a-z0-9-]+:[A-Za-z*]+)"?[,\]]/g),
      ...template.matchAll(/Action: ([a-z0-9-]+:[A-Za-z*]+)$/gm),
    ].map((m) => m[1]!);
    const covers = (action: string) => allowed.some((a) => new RegExp(`^${a.replace(/\*/g, ".*")}$`).test(action));
    expect(listed.length).toBeGreaterThan(40);
    expect(listed.filter((action) => !covers(action))).toEqual([]);
  });

  test("the roles pass their roles to every service docs/permissions.md's example policy passes them to", () => {
    const doc = readFileSync("docs/permissions.md", "utf8");
    const passedTo = /"iam:PassedToService": \[([^\]]*)\]/.exec(doc)![1]!.match(/[a-z.-]+\.amazonaws\.com/g)!;
    // UpdateSchedule passes the schedule's role to EventBridge Scheduler (berth keeps schedules on what serves).
    expect(passedTo).toContain("scheduler.amazonaws.com");
    const allowed = /iam:PassedToService:\n((?: +- \S+\n)+)/.exec(template)![1]!.match(/[a-z.-]+\.amazonaws\.com/g)!;
    expect(passedTo.filter((service) => !allowed.includes(service))).toEqual([]);
  });

  test("the production-plan role can create change sets but nothing that changes what runs", () => {
    const roles = readTemplate("examples/github/iam-roles.yml");
    const readPolicy = roles.Resources.ReadEveryEnvironmentPolicy!.Properties as {
      PolicyDocument: { Statement: { Action: string[] }[] };
    };
    const allowed = [
      ...allowedActions(roles, "ProductionPlanRole"),
      ...readPolicy.PolicyDocument.Statement.flatMap((s) => s.Action),
    ];
    expect(allowed).toContain("cloudformation:CreateChangeSet");
    expect(EXECUTING_ACTIONS.filter((action) => covers(allowed, action))).toEqual([]);
    // …whereas the production role, behind the reviewers, has them all.
    const deploy = (template.match(/cloudformation:ExecuteChangeSet|ecs:UpdateService|iam:PassRole/g) ?? []).length;
    expect(deploy).toBeGreaterThanOrEqual(3);
  });

  test("the preview role's names cannot reach production or staging", () => {
    const patterns = Object.fromEntries(
      [...template.matchAll(/^ {4}(\w+):\n {6}GitHub: \S+\n {6}Berth: (\S+)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(patterns).toEqual({
      Staging: "staging",
      Production: "production",
      Preview: "pr-*",
      ProductionPlan: "production",
    });
    const glob = (pattern: string) => new RegExp(`^${pattern.replace(/\*/g, ".*")}$`);
    expect(["production", "staging"].filter((env) => glob(patterns.Preview!).test(env))).toEqual([]);
    expect(glob(patterns.Preview!).test("pr-42")).toBe(true);
  });
});
