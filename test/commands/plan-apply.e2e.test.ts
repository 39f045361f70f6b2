import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListChangeSetsCommand,
  ListStacksCommand,
  UpdateStackCommand,
  GetTemplateCommand,
} from "@aws-sdk/client-cloudformation";
import { DescribeTaskDefinitionCommand, ECSClient, ListTaskDefinitionsCommand } from "@aws-sdk/client-ecs";
import { describe, expect, test } from "vitest";
import type { EnvironmentPlan } from "../../src/deployers/plan/environment-plan.js";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const IMAGE = `public.ecr.aws/docker/library/nginx@sha256:${"a".repeat(64)}`;
const SECRET_VALUE = "s3cr3t-value-never-shown";
const sandbox = useSandbox({ speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-plan-apply-"));
const file = join(dir, "berth.yml");
const planFile = join(dir, "plan.json");
const berth = (...args: string[]) => berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true" });
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });

const write = (webEnvironment: string, extra = "") =>
  writeFileSync(
    file,
    `app: plans
services:
  web: { image: "${IMAGE}", port: 80, http: {}, deploy: { bake: 0m }${webEnvironment} }
  worker: { image: "${IMAGE}", command: [run] }
${extra}environments:
  staging: {}
`,
  );

/** Every change set of the app's stacks that has been executed, as stack/name. */
async function executedChangeSets(): Promise<Set<string>> {
  const cf = new CloudFormationClient(aws());
  const stacks = (await cf.send(new ListStacksCommand({}))).StackSummaries ?? [];
  const executed = new Set<string>();
  for (const s of stacks.filter((s) => s.StackName?.startsWith("plans") && s.StackStatus !== "DELETE_COMPLETE")) {
    const sets = (await cf.send(new ListChangeSetsCommand({ StackName: s.StackName }))).Summaries ?? [];
    // moto lists every stack's change sets whatever StackName asks: each names its own stack.
    for (const c of sets)
      if (c.ExecutionStatus === "EXECUTE_COMPLETE") executed.add(`${c.StackName}/${c.ChangeSetName}`);
  }
  return executed;
}

/** Every task definition registered for the app's staging services, with the fingerprint berth tagged it with. */
async function taskDefinitions(): Promise<Map<string, string | undefined>> {
  const ecs = new ECSClient(aws());
  const arns: string[] = [];
  for (const service of ["web", "worker", "jobs"])
    arns.push(
      ...((await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: `plans-staging-${service}` })))
        .taskDefinitionArns ?? []),
    );
  const found = new Map<string, string | undefined>();
  for (const arn of arns) {
    const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ["TAGS"] }));
    found.set(arn, described.tags?.find((t) => t.key === "berth:fingerprint")?.value);
  }
  return found;
}

const readPlanFile = () => JSON.parse(readFileSync(planFile, "utf8")) as EnvironmentPlan;

describe("berth plan --out, then berth apply", () => {
  test("apply executes exactly the planned change sets and registers only the planned task definitions", async () => {
    write("");
    expect((await berth("deploy", "-e", "staging", "--yes")).code).toBe(0);

    // An environment variable (its value a secret-like string) and a new service with its stack.
    write(`, env: { GREETING: "${SECRET_VALUE}" }`, `  jobs: { image: "${IMAGE}", command: [work] }\n`);
    // Printed without --out (nothing kept, nothing pushed), the release shows in --json too.
    const printed = await berth("diff", "-e", "staging", "--json");
    expect(printed.code, printed.stderr).toBe(0);
    // NDJSON: progress events, then the result.
    const document = JSON.parse(printed.stdout.trim().split("\n").at(-1)!) as { plan: EnvironmentPlan };
    expect(document.plan.releases.find((r) => r.service === "web")?.changes).toContainEqual(
      expect.objectContaining({ kind: "environment", added: ["GREETING"] }),
    );
    expect(document.plan.stacks).toEqual([]);
    expect(printed.stdout + printed.stderr).not.toContain(SECRET_VALUE);

    const planned = await berth("plan", "-e", "staging", "--out", planFile);
    expect(planned.code, planned.stderr).toBe(0);
    const plan = readPlanFile();
    const web = plan.releases.find((r) => r.service === "web");
    expect(web?.changes).toContainEqual({
      kind: "environment",
      container: "web",
      added: ["GREETING"],
      removed: [],
      changed: [],
    });
    expect(planned.stderr).toContain("environment variables (web): +GREETING");
    expect(plan.releases.map((r) => r.service).sort()).toEqual(["jobs", "web"]);
    expect(plan.stacks.map((s) => s.stackName)).toContain("plans-staging-jobs");
    const jobs = plan.stacks.find((s) => s.stackName === "plans-staging-jobs");
    expect(jobs?.changeSet?.type).toBe("CREATE");
    for (const text of [planned.stdout, planned.stderr, readFileSync(planFile, "utf8")])
      expect(text).not.toContain(SECRET_VALUE);

    const executedBefore = await executedChangeSets();
    const definitionsBefore = await taskDefinitions();
    const applied = await berth("apply", planFile, "--yes");
    expect(applied.code, applied.stderr).toBe(0);

    const executedNow = [...(await executedChangeSets())].filter((c) => !executedBefore.has(c)).sort();
    expect(executedNow).toEqual(
      plan.stacks.flatMap((s) => (s.changeSet ? [`${s.stackName}/${s.changeSet.name}`] : [])).sort(),
    );
    // web's is the fingerprint planned; jobs' needs its new stack's outputs, so the plan names it pending.
    const registered = [...(await taskDefinitions())].filter(([arn]) => !definitionsBefore.has(arn));
    expect(plan.releases.find((r) => r.service === "jobs")?.pending).toBeDefined();
    expect(registered.map(([arn, fingerprint]) => [arn.split("/")[1]?.split(":")[0], fingerprint])).toEqual(
      expect.arrayContaining([
        ["plans-staging-web", web?.to],
        ["plans-staging-jobs", expect.any(String)],
      ]),
    );
    expect(registered).toHaveLength(2);
    // Recorded like a deploy: the history's newest release is this one, and it succeeded.
    const history = JSON.parse((await berth("releases", "-e", "staging", "--json")).stdout) as {
      releases: { outcome: string; services: { service: string }[] }[];
    };
    expect(history.releases).toHaveLength(2);
    expect(history.releases[0]).toMatchObject({ outcome: "succeeded" });
  }, 240_000);

  test("a plan another deploy made stale is refused, naming what changed, and changes nothing", async () => {
    write(`, env: { GREETING: "hello" }, egress: https`);
    expect((await berth("plan", "-e", "staging", "--out", planFile)).code).toBe(0);
    expect((await berth("deploy", "-e", "staging", "--yes")).code).toBe(0);
    const executedBefore = await executedChangeSets();
    const definitionsBefore = await taskDefinitions();
    const applied = await berth("apply", planFile, "--yes");
    expect(applied.code).toBe(3);
    expect(applied.stderr).toContain("berth apply: the plan no longer holds; nothing was changed");
    expect(applied.stderr).toMatch(/the stack plans-staging(-web)? was updated since the plan/);
    expect(applied.stderr).toContain("fix: plan again (berth plan -e staging --out plan.json)");
    expect(await executedChangeSets()).toEqual(executedBefore);
    expect(await taskDefinitions()).toEqual(definitionsBefore);
  }, 240_000);

  test("a web service added through a plan is on the dashboard once apply has created its stack", async () => {
    write(
      `, env: { GREETING: "hello" }, egress: all`,
      `  api: { image: "${IMAGE}", port: 80, http: { path: /api/* }, deploy: { bake: 0m } }\n`,
    );
    const planned = await berth("plan", "-e", "staging", "--out", planFile);
    expect(planned.code, planned.stderr).toBe(0);
    // web's stack changes too (its egress): its definitions read the stack's new outputs, so
    // apply works them out, as it does api's, whose stack it creates.
    const releases = readPlanFile().releases;
    expect(releases.map((r) => [r.service, r.pending !== undefined])).toEqual([
      ["web", true],
      ["api", true],
    ]);
    // The dashboard graphs api's target groups, which exist only once apply has created its stack.
    const dashboard = readPlanFile().stacks.find((s) => s.stackName === "plans-staging--dashboard");
    expect(dashboard?.atApply).toBe("parameters-unknown");
    const applied = await berth("apply", planFile, "--yes");
    expect(applied.code, applied.stderr).toBe(0);
    const cf = new CloudFormationClient(aws());
    const [stack] = (await cf.send(new DescribeStacksCommand({ StackName: "plans-staging--dashboard" }))).Stacks ?? [];
    expect(stack?.StackStatus).toMatch(/^(CREATE|UPDATE)_COMPLETE$/);
    expect(stack?.Parameters?.filter((p) => !p.ParameterValue)).toEqual([]);
  }, 240_000);

  test("a stack updated out of band since the plan is refused", async () => {
    write(`, env: { GREETING: "hello" }, egress: https`);
    const planned = await berth("plan", "-e", "staging", "--out", planFile);
    expect(planned.code).toBe(0);
    const plan = readPlanFile();
    const changed = plan.stacks.find((s) => s.stackName === "plans-staging-web" && s.changeSet)!;
    // Someone updates the stack by hand, with its own template (an UpdateStack outside berth).
    const cf = new CloudFormationClient(aws());
    const body = (await cf.send(new GetTemplateCommand({ StackName: changed.stackName }))).TemplateBody;
    await cf.send(
      new UpdateStackCommand({
        StackName: changed.stackName,
        TemplateBody: body,
        Capabilities: ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
        Parameters: Object.keys(changed.parameters).map((ParameterKey) => ({ ParameterKey, UsePreviousValue: true })),
        Tags: [{ Key: "touched", Value: "by-hand" }],
      }),
    );
    const applied = await berth("apply", planFile, "--yes");
    expect(applied.code).toBe(3);
    expect(applied.stderr).toContain(`the stack ${changed.stackName} was updated since the plan`);
  }, 240_000);
});
