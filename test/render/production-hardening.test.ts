import { describe, expect, test } from "vitest";
import { loadManifestText } from "../../src/manifest/load.js";
import { hasRetainedNames } from "../../src/deployers/retained-names.js";
import { whatGoes } from "../../src/ui/destroy-report.js";
import { CASSANDRA, HELLO, render, resource, resources } from "./helpers.js";

// The rest of the second production review (docs/manifest.md, "waf"; docs/permissions.md, "What cdk-nag finds").
const production = render(CASSANDRA, { env: "production" });

describe("AWS WAF", () => {
  test("waf: true puts every load balancer of the environment behind one web ACL of AWS's managed rule groups", () => {
    const text = `app: shop
services:
  web: { image: x, port: 80, http: {} }
  api: { image: x, port: 80, http: { loadBalancer: public-api } }
environments: { production: { waf: true }, staging: {} }
`;
    const protectedOnes = render(text, { env: "production" });
    const acl = resource(protectedOnes, "WebAcl").Properties as {
      Scope: string;
      DefaultAction: unknown;
      Rules: { Name: string; OverrideAction: unknown; Statement: unknown }[];
    };
    expect(acl.Scope).toBe("REGIONAL");
    expect(acl.DefaultAction).toEqual({ Allow: {} });
    expect(acl.Rules.map((r) => r.Statement)).toEqual([
      { ManagedRuleGroupStatement: { VendorName: "AWS", Name: "AWSManagedRulesAmazonIpReputationList" } },
      { ManagedRuleGroupStatement: { VendorName: "AWS", Name: "AWSManagedRulesCommonRuleSet" } },
      { ManagedRuleGroupStatement: { VendorName: "AWS", Name: "AWSManagedRulesKnownBadInputsRuleSet" } },
    ]);
    // The groups' own block actions, not counted only.
    for (const rule of acl.Rules) expect(rule.OverrideAction).toEqual({ None: {} });
    const associations = Object.values(resources(protectedOnes, "AWS::WAFv2::WebACLAssociation"));
    expect(associations.map((a) => a.Properties.ResourceArn)).toEqual([
      { Ref: "LoadBalancer" },
      { Ref: "PublicApiLoadBalancer" },
    ]);
    expect(render(text, { env: "staging" }).template.Resources).not.toHaveProperty("WebAcl");
  });

  test("off by default, production included: managed rules can block an app's legitimate requests", () => {
    expect(resources(production, "AWS::WAFv2::WebACL")).toEqual({});
  });
});

describe("cdk-nag's other findings, fixed", () => {
  test("production's cluster has Container Insights even when no service scales on it; staging's does not", () => {
    const hello = render(`${HELLO}environments: { production: {}, staging: {} }\n`, { env: "production" });
    expect(resource(hello, "Cluster").Properties.ClusterSettings).toEqual([
      { Name: "containerInsights", Value: "enabled" },
    ]);
    const staging = render(`${HELLO}environments: { production: {}, staging: {} }\n`, { env: "staging" });
    expect(resource(staging, "Cluster").Properties.ClusterSettings).toEqual([
      { Name: "containerInsights", Value: "disabled" },
    ]);
  });

  test("observability.containerInsights turns it on where it is off by default, and off in production", () => {
    const text = `${HELLO}environments:\n  production: { observability: { containerInsights: false } }\n  staging: { observability: { containerInsights: true } }\n`;
    for (const [env, value] of [
      ["staging", "enabled"],
      ["production", "disabled"],
    ])
      expect(resource(render(text, { env }), "Cluster").Properties.ClusterSettings).toEqual([
        { Name: "containerInsights", Value: value },
      ]);
  });

  test("it cannot be turned off under a service that scales on its running-task count: refused at the key", () => {
    const text = `app: shop
observability:
  containerInsights: false
services:
  worker: { image: nginx:1, queue: jobs, count: { min: 0, max: 4, backlogPerTask: 10 } }
queues: { jobs: {} }
`;
    const loaded = loadManifestText(text, "berth.yml");
    expect(loaded.ok ? [] : loaded.problems).toEqual([
      expect.objectContaining({
        line: 3,
        path: "observability.containerInsights",
        message: expect.stringContaining("worker scales on count.backlogPerTask"),
        hint: "remove observability.containerInsights: false, or scale services.worker on count.cpu",
      }),
    ]);
    // Left to its default, the key follows the scaling: on in any environment.
    expect(
      resource(render(text.replace("  containerInsights: false\n", "  traces: false\n")), "Cluster").Properties
        .ClusterSettings,
    ).toEqual([{ Name: "containerInsights", Value: "enabled" }]);
  });

  test("the schedules' dead-letter queue refuses requests without TLS", () => {
    const statement = (
      resource(production, "ScheduleDeadLetterQueuePolicy").Properties.PolicyDocument as { Statement: unknown[] }
    ).Statement[0];
    expect(statement).toMatchObject({
      Sid: "TlsOnly",
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  test("the login function may keep the database's log groups by name, no wildcard, and none when nothing is exported", () => {
    type Policy = { PolicyDocument: { Statement: { Sid: string; Resource: unknown }[] } };
    const statements = (id: string, rendered = production) =>
      (resource(rendered, id).Properties.Policies as Policy[]).flatMap((p) => p.PolicyDocument.Statement);
    expect(statements("DatabaseLoginFunctionRole").find((s) => s.Sid === "KeepDatabaseLogs")?.Resource).toEqual([
      {
        "Fn::Sub":
          "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/rds/cluster/${Database}/postgresql",
      },
    ]);
    const staging = render(CASSANDRA, { env: "staging" });
    expect(statements("DatabaseLoginFunctionRole", staging).map((s) => s.Sid)).not.toContain("KeepDatabaseLogs");
  });
});

describe("data kept", () => {
  test("production's service log groups outlive their stacks under the same name; staging's go", () => {
    expect(resource(production, "WebLogGroup")).toMatchObject({
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: { LogGroupName: "/berth/cassandra/production/web", RetentionInDays: 30 },
    });
    const staging = render(CASSANDRA, { env: "staging" });
    expect(resource(staging, "WebLogGroup").DeletionPolicy).toBe("Delete");
  });

  test("a production service stack created again imports the kept log group; staging's has nothing to import", () => {
    expect(hasRetainedNames(production.services.web!)).toBe(true);
    expect(hasRetainedNames(render(CASSANDRA, { env: "staging" }).services.web!)).toBe(false);
    // The environment stack's retained resources have generated names: nothing to collide with.
    expect(hasRetainedNames(production.template)).toBe(false);
  });

  test("destroy's confirmation says production keeps the services' log groups, with or without --delete-data", () => {
    expect(whatGoes("production", false)).toMatch(/the services' log groups are kept$/);
    expect(whatGoes("production", true)).toMatch(/ALL ITS DATA .*; the services' log groups are kept$/);
    expect(whatGoes("staging", false)).toMatch(/the services' log groups go$/);
  });
});
