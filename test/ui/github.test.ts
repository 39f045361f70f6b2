import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import type { EnvironmentOutcome } from "../../src/deployers/deploy-environment.js";
import { githubSummary, publishToGithub, releaseTimeline, type GithubReport } from "../../src/ui/github.js";
import type { Output } from "../../src/ui/output.js";
import { PLAN_FORMAT, type EnvironmentPlan } from "../../src/deployers/plan/environment-plan.js";

// A simulated Actions runner: the files GITHUB_OUTPUT and GITHUB_STEP_SUMMARY name, and
// the workflow commands berth prints.

const dir = mkdtempSync(join(tmpdir(), "berth-github-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rolledBack: EnvironmentOutcome = {
  ok: false,
  stacks: [
    {
      result: "updated",
      stackName: "shop-production",
      summary: {
        added: [],
        modified: [
          { action: "Modify", logicalId: "WebTargetGroupA", resourceType: "AWS::ElasticLoadBalancingV2::TargetGroup" },
        ],
        replaced: [],
        removed: [],
        risky: [],
      },
    },
  ],
  images: { web: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web@sha256:" + "a".repeat(64) },
  releases: [
    {
      service: "web",
      result: "rolled-back",
      reason: "new targets unhealthy: Target.ResponseCodeMismatch (HTTP 500)",
      taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-production-web:7",
    },
    {
      service: "worker",
      result: "unchanged",
      taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-production-worker:3",
    },
  ],
};

function runner() {
  const files = {
    GITHUB_OUTPUT: join(dir, `output-${Math.random()}`),
    GITHUB_STEP_SUMMARY: join(dir, `summary-${Math.random()}`),
  };
  writeFileSync(files.GITHUB_OUTPUT, "");
  writeFileSync(files.GITHUB_STEP_SUMMARY, "");
  const printed: string[] = [];
  const out: Output = {
    json: false,
    github: true,
    color: false,
    line: (t) => void printed.push(t),
    note: (t) => void printed.push(t),
  };
  const env = { GITHUB_ACTIONS: "true", ...files };
  return {
    env,
    out,
    printed,
    output: () => readFileSync(files.GITHUB_OUTPUT, "utf8"),
    summary: () => readFileSync(files.GITHUB_STEP_SUMMARY, "utf8"),
  };
}

function report(outcome: EnvironmentOutcome): GithubReport {
  const timeline = releaseTimeline(0, () => 4_000);
  timeline.record({ type: "registered", service: "web", taskDefinition: "arn:…/shop-production-web:7" });
  timeline.record({ type: "checked", service: "web", passed: false, detail: "new targets unhealthy" });
  return {
    command: "berth deploy",
    app: "shop",
    environment: "production",
    outcome,
    elapsedMs: 83_000,
    url: "https://shop.example.com",
    version: "1a2b3c4",
    timeline: timeline.entries,
  };
}

describe("a deploy on GitHub Actions", () => {
  test("a rolled-back release is an ::error annotation with its reason", async () => {
    const r = runner();
    await publishToGithub(report(rolledBack), r.out, r.env);
    expect(r.printed).toEqual([
      "::error title=berth deploy%3A web rolled-back::web in production: rolled-back: new targets unhealthy: Target.ResponseCodeMismatch (HTTP 500)",
    ]);
  });

  test("the outputs are the outcome, the URL and the version", async () => {
    const r = runner();
    await publishToGithub(report(rolledBack), r.out, r.env);
    expect(r.output()).toBe("outcome=rolled-back\nurl=https://shop.example.com\nversion=1a2b3c4\n");
  });

  test("a deploy recorded in the release history outputs its release id, and the summary names it", async () => {
    const r = runner();
    await publishToGithub({ ...report(rolledBack), releaseId: "20261128-101500-ab12" }, r.out, r.env);
    expect(r.output()).toContain("release-id=20261128-101500-ab12\n");
    expect(r.summary()).toContain("**Release:** `20261128-101500-ab12`");
  });

  test("the monthly floor before and after is an output and a line of the summary; an unpriced one says why", async () => {
    const line = "monthly floor $79.25 → $115.75 (+$36.50/month: NAT gateway NatGateway2 and its public IPv4 address)";
    const change = { before: 79.25, after: 115.75, increase: 36.5, changes: [], priceDate: "2026-03-13", missing: [] };
    const r = runner();
    await publishToGithub({ ...report(rolledBack), cost: { change, line } }, r.out, r.env);
    expect(r.output()).toContain(`cost=${line}\n`);
    expect(r.summary()).toContain(`**Cost:** ${line}\n`);
    const unpriced = runner();
    await publishToGithub(
      { ...report(rolledBack), cost: { unavailable: "berth has no prices for Region xx-east-9" } },
      unpriced.out,
      unpriced.env,
    );
    expect(unpriced.output()).not.toContain("cost=");
    expect(unpriced.summary()).toContain("**Cost:** not estimated: berth has no prices for Region xx-east-9");
  });

  test("the job summary has the reason, the images with digests, the stack changes, the releases and their timeline", async () => {
    const r = runner();
    await publishToGithub(report(rolledBack), r.out, r.env);
    const summary = r.summary();
    expect(summary).toContain("## ❌ berth deploy — shop production: rolled-back");
    expect(summary).toContain("**URL:** https://shop.example.com");
    expect(summary).toContain("- **web** rolled-back: new targets unhealthy: Target.ResponseCodeMismatch (HTTP 500)");
    expect(summary).toContain(
      `| web | \`123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web@sha256:${"a".repeat(64)}\` |`,
    );
    expect(summary).toContain("| shop-production | updated | 1 modified |");
    expect(summary).toContain("| worker | unchanged | `shop-production-worker:3` |");
    expect(summary).toContain("- +4.0 s checks failed: new targets unhealthy");
  });

  test("a successful deploy has no annotation and says deployed", async () => {
    const r = runner();
    const ok: EnvironmentOutcome = {
      ...rolledBack,
      ok: true,
      releases: [{ service: "web", result: "released", taskDefinition: "arn:x:task-definition/shop-production-web:8" }],
    };
    await publishToGithub(report(ok), r.out, r.env);
    expect(r.printed).toEqual([]);
    expect(r.output()).toContain("outcome=deployed\n");
    expect(r.summary()).toContain("## ✅ berth deploy — shop production: deployed");
  });

  test("the outputs name the release history's record, and a rollback that succeeded is rolled-back", async () => {
    const r = runner();
    const ok: EnvironmentOutcome = { ...rolledBack, ok: true, releases: [{ service: "web", result: "released" }] };
    await publishToGithub(
      { ...report(ok), command: "berth rollback", releaseId: "20261128-101500-3a1f" },
      r.out,
      r.env,
    );
    expect(r.output()).toContain("outcome=rolled-back\n");
    expect(r.output()).toContain("release-id=20261128-101500-3a1f\n");
  });

  test("the job summary shows every address the web services answer at", () => {
    const urls = [
      { url: "https://shop.example.com", services: ["web"] },
      { url: "https://admin.example.com", services: ["admin"] },
    ];
    expect(githubSummary({ ...report(rolledBack), urls })).toContain(
      "**URL:** https://shop.example.com (web), https://admin.example.com (admin)",
    );
  });

  test("results and fields the summary does not know yet (interrupted, a diagnosis) are still shown", () => {
    const interrupted = {
      ...rolledBack,
      releases: [
        { service: "web", result: "interrupted", reason: "Ctrl-C", diagnosis: { stoppedTasks: [{ exitCode: 1 }] } },
      ],
    } as unknown as EnvironmentOutcome;
    const summary = githubSummary(report(interrupted));
    expect(summary).toContain("- **web** interrupted: Ctrl-C");
    expect(summary).toContain('"exitCode": 1');
  });

  test("the job summary shows each changed stack in a row and the unchanged service stacks in one", async () => {
    const r = runner();
    const unchanged = Array.from({ length: 40 }, (_, i) => ({
      result: "unchanged" as const,
      stackName: `shop-production-s${i}`,
    }));
    const outcome: EnvironmentOutcome = {
      ok: true,
      stacks: [
        { result: "unchanged", stackName: "shop-production" },
        ...unchanged,
        { ...rolledBack.stacks[0]!, stackName: "shop-production-web" },
      ],
    };
    await publishToGithub(report(outcome), r.out, r.env);
    const rows = r
      .summary()
      .split("\n")
      .filter((line) => line.startsWith("| shop-production") || line.startsWith("| 40"));
    expect(rows).toEqual([
      "| shop-production | unchanged | none |",
      "| shop-production-web | updated | 1 modified |",
      "| 40 service stacks (shop-production-…) | unchanged | none |",
    ]);
  });

  test("a failed stack is an ::error annotation with its root cause", async () => {
    const r = runner();
    const failed: EnvironmentOutcome = {
      ok: false,
      stacks: [
        {
          result: "failed",
          stackName: "shop-production",
          status: "UPDATE_ROLLBACK_COMPLETE",
          rootCause: {
            logicalId: "Database",
            resourceType: "AWS::RDS::DBCluster",
            status: "UPDATE_FAILED",
            reason: "quota exceeded",
          },
        },
      ],
    };
    await publishToGithub(report(failed), r.out, r.env);
    expect(r.printed).toEqual([
      "::error title=berth deploy%3A stack shop-production::UPDATE_ROLLBACK_COMPLETE: Database — quota exceeded",
    ]);
    expect(r.output()).toContain("outcome=failed\n");
  });
});

test("a deploy that left mixed versions says so in the summary and as an error annotation", async () => {
  const { githubAnnotations } = await import("../../src/ui/github.js");
  const mixed = report({ ...rolledBack, mixed: ["worker"] });
  expect(githubSummary(mixed)).toContain("**Mixed versions:** worker serve the new version");
  expect(githubAnnotations(mixed)).toContainEqual(expect.stringMatching(/^::error title=.*mixed versions::worker in /));
});

describe("a plan on GitHub Actions", () => {
  const plan: EnvironmentPlan = {
    format: PLAN_FORMAT,
    berthVersion: "0.2.0",
    app: "shop",
    environment: "production",
    region: "eu-west-1",
    manifestHash: "f".repeat(64),
    createdAt: "2026-12-06T10:00:00.000Z",
    images: { web: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web@sha256:" + "b".repeat(64) },
    stacks: [],
    changes: [],
    removing: [],
    removingStacks: [],
    releases: [
      {
        service: "web",
        strategy: "bluegreen",
        from: "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-production-web:7",
        to: "0123456789abcdef",
        changes: [{ kind: "environment", container: "web", added: ["FEATURE_X"], changed: [], removed: [] }],
        releaseTask: false,
      },
    ],
  };
  const planned: EnvironmentOutcome = { ok: true, stacks: [], releases: [] };

  test("its outcome is planned, and the summary shows each release the reviewer approves", async () => {
    const r = runner();
    await publishToGithub(
      { ...report(planned), command: "berth plan", plan: { plan, saved: "plan.json" } },
      r.out,
      r.env,
    );
    expect(r.output()).toContain("outcome=planned\n");
    const summary = r.summary();
    expect(summary).toContain("## ✅ berth plan — shop production: planned");
    expect(summary).toContain(
      "### Plan\n\n```\nrelease web (bluegreen): shop-production-web:7 → fingerprint 0123456789ab",
    );
    expect(summary).toContain("  environment variables (web): +FEATURE_X");
    expect(summary).toContain("plan saved to plan.json: berth apply plan.json carries it out");
  });
});
