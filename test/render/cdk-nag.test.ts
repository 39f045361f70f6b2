import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Stack, Validations } from "aws-cdk-lib";
import { CfnInclude } from "aws-cdk-lib/cloudformation-include";
import { AwsSolutionsChecks } from "cdk-nag";
import { expect, test } from "vitest";
import { CASSANDRA, HELLO, render } from "./helpers.js";

/**
 * What cdk-nag's AwsSolutions pack may still find in production, each with why it stays
 * (docs/permissions.md, "What cdk-nag finds"). The first four are what any public web app
 * needs; each of the rest is an AWS constraint or a finding cdk-nag makes of something it
 * does not recognise. Anything else fails the test.
 */
const ACKNOWLEDGED: { rule: string; on: RegExp; reason: string }[] = [
  {
    rule: "AwsSolutions-EC23",
    on: /LoadBalancerSecurityGroup$/,
    reason: "A public web app's load balancer admits HTTP and HTTPS from anyone.",
  },
  {
    rule: "AwsSolutions-IAM5[Resource::*]",
    on: /ExecutionRole$/,
    reason: "ecr:GetAuthorizationToken has no resource type; the statement grants nothing else.",
  },
  {
    rule: "AwsSolutions-IAM5[Resource::<UploadsBucketArn>/*]",
    on: /TaskRole$/,
    reason: "Object-level access to the app's own bucket: object keys are the app's data.",
  },
  {
    rule: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers]",
    on: /^InfrastructureRole$/,
    reason: "AWS's managed policy for ECS blue/green, which AWS keeps in step with what ECS calls.",
  },
  {
    rule: "AwsSolutions-SMG4",
    on: /^TestHeaderSecret$/,
    reason:
      "CloudFormation's only random value is a generated secret; rotating it would not reach the rule (a " +
      "dynamic reference resolves on stack updates only), so each release puts a fresh value in the rule.",
  },
  {
    rule: "AwsSolutions-L1",
    on: /^(DatabaseLogin|DeadLetterSources)Function$/,
    reason:
      "python3.14 is Lambda's newest generally available Python; python3.15, which aws-cdk-lib lists, " +
      "is a public-preview runtime that AWS says is not for production.",
  },
  {
    rule: "AwsSolutions-SQS3",
    on: /^ScheduleDeadLetterQueue$/,
    reason:
      "EventBridge Scheduler's dead-letter queue (a schedule's DeadLetterConfig); cdk-nag knows only " +
      "SQS redrive and Lambda as users of a dead-letter queue.",
  },
  {
    rule: "AwsSolutions-S1",
    on: /^hello-env\/AccessLogsBucket$/,
    reason:
      "A log bucket itself (the load balancer's access logs); cdk-nag exempts only destinations of S3 " +
      "server access logging, and a bucket logging to itself is what S3 advises against.",
  },
  {
    rule: "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task/<Cluster>/*]",
    on: /^Worker(TaskRole|SchedulerRole)$/,
    reason: "A task's ARN ends in the id ECS gives it at start: scale-in protection and tags name tasks not yet known.",
  },
  {
    rule: "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task-definition/cassandra-production-worker:*]",
    on: /^WorkerSchedulerRole$/,
    reason: "Each release registers a new revision after the stack: naming one would need an IAM change per release.",
  },
];

/**
 * How many findings the acknowledgements answer: a new resource that an acknowledged rule
 * also flags (another role, another function) fails the test until it is looked at.
 */
const ACKNOWLEDGED_FINDINGS = 17;

const PRODUCTION_APPS = {
  cassandra: CASSANDRA,
  hello: `${HELLO}environments: { production: {} }\n`,
};

type Finding = { rule: string; path: string };

/** Every production stack of both examples in one CDK app, checked by one synth (the slow part). */
function findingsInProduction(): Finding[] {
  const dir = mkdtempSync(join(tmpdir(), "berth-nag-"));
  const app = new App({ outdir: join(dir, "cdk.out") });
  for (const [name, text] of Object.entries(PRODUCTION_APPS)) {
    const rendered = render(text, { env: "production" });
    const stacks = { env: rendered.template, app: rendered.appTemplate, ...rendered.services };
    for (const [id, template] of Object.entries(stacks)) {
      const file = join(dir, `${name}-${id}.json`);
      writeFileSync(file, JSON.stringify(template));
      new CfnInclude(new Stack(app, `${name}-${id}`), "T", { templateFile: file });
    }
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch (error) {
    // A finding fails the synth; the report is written first.
    if (!/validation ?failed/i.test(String(error))) throw error;
  }
  type Violation = { ruleName: string; violatingConstructs: { constructPath: string }[] };
  type Report = { pluginReports: { pluginName: string; violations: Violation[] }[] };
  const report = JSON.parse(readFileSync(join(dir, "cdk.out", "validation-report.json"), "utf8")) as Report;
  return report.pluginReports
    .filter((p) => p.pluginName === "AwsSolutions")
    .flatMap((p) => p.violations)
    .flatMap((v) =>
      v.violatingConstructs.map((c) => ({ rule: v.ruleName, path: c.constructPath.replace("/T/", "/") })),
    );
}

const acknowledgement = (f: Finding) =>
  ACKNOWLEDGED.find((a) => a.rule === f.rule && (a.on.test(f.path) || a.on.test(f.path.split("/").pop()!)));

test("cdk-nag's AwsSolutions pack finds nothing in production beyond what berth acknowledges, each with its reason", () => {
  const findings = findingsInProduction();
  expect(findings.filter((f) => !acknowledgement(f))).toEqual([]);
  expect(findings).toHaveLength(ACKNOWLEDGED_FINDINGS);
  // Every acknowledgement still answers a finding: one that no longer does is taken out.
  const used = new Set(findings.map((f) => acknowledgement(f)?.rule));
  expect(ACKNOWLEDGED.filter((a) => !used.has(a.rule))).toEqual([]);
}, 60_000);
