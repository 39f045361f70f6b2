import { randomBytes } from "node:crypto";
import { TEST_HEADER } from "../render/routing.js";
import { withAwsFailures } from "./aws-failure.js";
import { lazyElb } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/**
 * This run's value of each test listener rule's header (docs/architecture.md, "The test
 * header"): on the first call for a rule, 48 random characters replace the value in the
 * rule's X-Berth-Test condition (DescribeRules, then ModifyRule with every condition, as
 * ModifyRule replaces them all); later calls of the same run return it. Kept in memory only,
 * never printed. https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyRule.html
 */
export function testHeaderRotation(settings: AwsSettings): (testRuleArn: string) => Promise<string> {
  const elb = lazyElb(clientConfig(settings));
  const port = withAwsFailures("ELBv2", {
    async rotate(ruleArn: string): Promise<string> {
      const value = randomBytes(36).toString("base64url");
      const { sdk, client } = await elb();
      const { Rules = [] } = await client.send(new sdk.DescribeRulesCommand({ RuleArns: [ruleArn] }));
      const conditions = (Rules[0]?.Conditions ?? []).map((condition) => {
        const { Values: _legacy, ...rest } = condition;
        if (condition.Field === "http-header" && condition.HttpHeaderConfig?.HttpHeaderName === TEST_HEADER)
          return { ...rest, HttpHeaderConfig: { HttpHeaderName: TEST_HEADER, Values: [value] } };
        // DescribeRules answers host and path conditions in both forms; ModifyRule takes one.
        const configured = Object.keys(rest).some((key) => key.endsWith("Config"));
        return configured ? rest : condition;
      });
      await client.send(new sdk.ModifyRuleCommand({ RuleArn: ruleArn, Conditions: conditions }));
      return value;
    },
  });
  const known = new Map<string, Promise<string>>();
  return (ruleArn) => {
    let value = known.get(ruleArn);
    if (!value) {
      value = port.rotate(ruleArn);
      known.set(ruleArn, value);
    }
    return value;
  };
}
