import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadManifestText } from "../../src/manifest/load.js";
import type { Problem } from "../../src/manifest/problem.js";
import { checkQuotas, RULES_PER_SECURITY_GROUP } from "../../src/render/quotas.js";
import { formatProblem } from "../../src/ui/problems.js";
import { manyServices } from "../fixtures/many-services.mjs";
import { berthAsync } from "../helpers/berth-cli.js";
import { CASSANDRA, EXAMPLE_CERTIFICATE } from "./helpers.js";

/**
 * `count` small web services, each four lines long: service N's key is on line 3 + 4 × (N − 1).
 * The first `onMain` are on the main load balancer, the others on a second one (one serves at
 * most 50: src/manifest/load-balancers.ts).
 */
function webServices(count: number, extra = "", onMain = 50): string {
  const lines = ["app: shop", "services:"];
  const loadBalancer = (i: number) => (i > onMain ? ", loadBalancer: second" : "");
  for (let i = 1; i <= count; i++)
    lines.push(`  svc${i}:`, "    image: nginx:1", "    port: 80", `    http: { path: /s${i}${loadBalancer(i)} }`);
  return `${lines.join("\n")}\n${extra}`;
}

const lineOf = (service: number) => 3 + 4 * (service - 1);

/** `count` workers using the database, one a line: worker N's key is on line 2 + N. */
function databaseUsers(count: number): string {
  const lines = ["app: shop", "services:"];
  for (let i = 1; i <= count; i++) lines.push(`  w${i}: { image: nginx:1, uses: [database] }`);
  return `${lines.join("\n")}\ndatabase: { engine: aurora-postgresql }\n`;
}

/** Service `w` (on line 3) uses the database and mounts `count` volumes. */
function volumeMounter(count: number): string {
  const volumes = Array.from({ length: count }, (_, i) => `v${i + 1}`);
  const mounts = volumes.map((v) => `${v}: /mnt/${v}`).join(", ");
  const service = `  w: { image: nginx:1, uses: [database], volumes: { ${mounts} } }`;
  const declared = volumes.map((v) => `${v}: {}`).join(", ");
  return `app: shop\nservices:\n${service}\ndatabase: { engine: aurora-postgresql }\nvolumes: { ${declared} }\n`;
}

/** One plain service and `count` queues, one a line: queue N's key is on line 4 + N. */
function queues(count: number): string {
  const lines = ["app: shop", "services:", "  w: { image: nginx:1 }", "queues:"];
  for (let i = 1; i <= count; i++) lines.push(`  q${i}: {}`);
  return `${lines.join("\n")}\n`;
}

const queueLine = (queue: number) => 4 + queue;

function quotaProblems(text: string, env?: string): Problem[] {
  const vars = { CASSANDRA_CERTIFICATE_ARN: EXAMPLE_CERTIFICATE };
  const loaded = loadManifestText(text, "berth.yml", { vars, checkRendered: checkQuotas, ...(env ? { env } : {}) });
  return loaded.ok ? [] : loaded.problems;
}

function problemAbout(problems: Problem[], pattern: RegExp): Problem {
  const found = problems.find((p) => pattern.test(p.message));
  if (!found) throw new Error(`no problem matching ${pattern}; got:\n${problems.map(formatProblem).join("\n")}`);
  return found;
}

describe("AWS quotas are checked before AWS sees the template", () => {
  test("the reference app fits every quota in each of its environments", () => {
    expect(quotaProblems(CASSANDRA)).toEqual([]);
    expect(quotaProblems(CASSANDRA, "production")).toEqual([]);
  });

  test("an environment template past 51,200 bytes is accepted: berth sends it through S3", () => {
    expect(quotaProblems(queues(90))).toEqual([]);
  });

  test("a template past CloudFormation's 1 MB body size is reported where it grew", () => {
    const big = "x".repeat(1_000_000);
    const text = `${queues(1)}overrides:\n  - { op: add, path: /Resources/Q1Queue/Metadata, value: { note: ${big} } }\n`;
    const problem = problemAbout(quotaProblems(text), /bytes; CloudFormation reads at most 1000000 \(from S3\)/);
    expect(problem.message).toContain("stack shop-default ");
    expect(problem.hint).toMatch(/another berth\.yml/);
  });

  test("more than 200 outputs in the environment stack are reported at the queue that crossed it", () => {
    const problem = problemAbout(
      quotaProblems(queues(100)),
      /stack shop-default would have \d+ outputs; CloudFormation allows 200 per stack/,
    );
    expect(problem.path).toMatch(/^queues\.q\d+$/);
    expect(problem.line).toBe(queueLine(Number(problem.path.slice("queues.q".length))));
  });

  test("more than 500 resources in the environment stack are reported at the queue that crossed it", () => {
    const problem = problemAbout(
      quotaProblems(queues(250)),
      /stack shop-default would have \d+ resources; CloudFormation allows 500 per stack/,
    );
    expect(problem.path).toMatch(/^queues\.q\d+$/);
  });

  test("more than 200 parameters in a service stack are reported at that service", () => {
    const buckets = Array.from({ length: 201 }, (_, i) => `b${i + 1}`);
    const text = `app: shop\nservices:\n  w: { image: nginx:1, uses: [${buckets.join(", ")}] }\nbuckets:\n${buckets
      .map((b) => `  ${b}: {}`)
      .join("\n")}\n`;
    const problem = problemAbout(
      quotaProblems(text),
      /stack shop-default-w would have 202 parameters; CloudFormation allows 200 per stack/,
    );
    expect(problem).toMatchObject({ path: "services.w", line: 3 });
  });

  test("more than 500 resources in a service stack (added by overrides) are reported at that service", () => {
    const add = (i: number) =>
      `  - { op: add, path: /Resources/Svc1LogGroup${i}, value: { Type: "AWS::Logs::LogGroup" } }`;
    const overrides = Array.from({ length: 500 }, (_, i) => add(i)).join("\n");
    // An added id is not in a service stack: the environment stack takes it. Only a path into a service's own id routes there.
    const text = webServices(1, `overrides:\n${overrides}\n`);
    const problem = problemAbout(quotaProblems(text), /would have \d+ resources; CloudFormation allows 500 per stack/);
    expect(problem.message).toContain("stack shop-default ");
    expect(problem.path).toBe("overrides");
  });

  test("a service stack's template is measured on its own: 100 small web services each fit the inline body", () => {
    expect(quotaProblems(webServices(100)).some((p) => /bytes/.test(p.message))).toBe(false);
  });

  test("fifty web services on each of two load balancers fit their listener rules and target groups", () => {
    expect(quotaProblems(webServices(100))).toEqual([]);
  });

  test("the 51st web service on the main load balancer is refused at its http: line", () => {
    const problem = problemAbout(
      quotaProblems(webServices(51, "", 51)),
      /web service number 51 on the main load balancer, which serves at most 50/,
    );
    expect(problem).toMatchObject({ path: "services.svc51.http", line: lineOf(51) + 3 });
  });

  test("listener rules are counted per load balancer: a rule added to the main one's listener crosses its 100", () => {
    const rule = `{ Type: "AWS::ElasticLoadBalancingV2::ListenerRule", Properties: { ListenerArn: { Ref: HttpListener }, Priority: 1, Conditions: [{ Field: path-pattern, PathPatternConfig: { Values: [/x] } }], Actions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: "404" } }] } }`;
    const problems = quotaProblems(
      webServices(100, `overrides:\n  - { op: add, path: /Resources/ExtraRule, value: ${rule} }\n`),
    );
    const rules = problems.filter((p) => /listener rules/.test(p.message));
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      path: "services.svc50",
      message: expect.stringMatching(/^the main load balancer would need 101 listener rules/),
      hint: expect.stringContaining("another load balancer"),
    });
  });

  test("each load balancer's security group counts only its own services' rules", () => {
    expect(quotaProblems(webServices(60)).some((p) => /security group/.test(p.message))).toBe(false);
  });

  test("sixty-one services using the database leave its security group at one inbound rule", () => {
    expect(quotaProblems(databaseUsers(61))).toEqual([]);
  });

  test("the 100-service manifest, 63 of them using the database, crosses no quota in any environment", () => {
    const { text } = manyServices(100);
    expect(text.match(/uses: \[database\]/g)!.length).toBeGreaterThan(RULES_PER_SECURITY_GROUP);
    for (const env of ["staging", "production"]) expect(quotaProblems(text, env), env).toEqual([]);
  });

  test("a security group past 60 inbound rules (added by overrides) is reported with the group and its count", () => {
    const rule = (i: number) =>
      `  - { op: add, path: /Resources/Extra${i}, value: { Type: "AWS::EC2::SecurityGroupIngress", Properties: ` +
      `{ GroupId: { "Fn::GetAtt": [DatabaseSecurityGroup, GroupId] }, IpProtocol: tcp, FromPort: ${i}, ToPort: ${i}, ` +
      `CidrIp: 10.0.0.0/8 } } }`;
    const overrides = Array.from({ length: 60 }, (_, i) => rule(i + 1)).join("\n");
    const problem = problemAbout(
      quotaProblems(`${databaseUsers(1)}overrides:\n${overrides}\n`),
      /^security group DatabaseSecurityGroup \(inbound\) would have 61 rules; a security group allows 60/,
    );
    expect(problem.path).toBe("overrides");
  });

  test("a service that uses the database and mounts four volumes crosses ECS's 5 security groups per task, at its line", () => {
    const problem = problemAbout(
      quotaProblems(volumeMounter(4)),
      /^the tasks of w would need 6 security groups .*; ECS allows 5 per task$/,
    );
    expect(problem).toMatchObject({ path: "services.w", line: 3 });
    expect(problem.hint).toMatch(/^mount at most 3 volumes in this service/);
  });

  test("a service that uses the database and mounts three volumes fits ECS's security groups per task", () => {
    expect(quotaProblems(volumeMounter(3))).toEqual([]);
  });

  test("a listener rule matching more than 5 condition values is reported at the service the rule serves", () => {
    const override = (i: number) =>
      `  - { op: add, path: /Resources/Svc1ListenerRule/Properties/Conditions/0/PathPatternConfig/Values/-, value: /x${i} }`;
    const text = webServices(1, `overrides:\n${[1, 2, 3, 4].map(override).join("\n")}\n`);
    const problem = problemAbout(
      quotaProblems(text),
      /listener rule Svc1ListenerRule would match 6 condition values; a rule allows 5/,
    );
    expect(problem.path).toBe("services.svc1");
  });

  test("each environment checked reports its own crossing, tagged with the environment", () => {
    const problems = quotaProblems(`${queues(100)}environments:\n  staging: {}\n`).filter((p) =>
      /outputs/.test(p.message),
    );
    expect(problems.map((p) => p.env)).toEqual([undefined, "staging"]);
  });
});

describe("the commands refuse a manifest that crosses a quota", () => {
  test.each(["validate", "render", "diff", "deploy"])(
    "berth %s exits 2 with the line that crossed it, before any AWS call",
    async (command) => {
      const dir = mkdtempSync(join(tmpdir(), "berth-quotas-"));
      const file = join(dir, "berth.yml");
      writeFileSync(file, volumeMounter(4));
      const run = await berthAsync([command, "-f", file, "-e", "default"]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`${file}:3:3: services.w: the tasks of w would need 6 security groups`);
    },
  );
});
