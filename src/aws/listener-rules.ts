import type { RuleWeightsByArn, ListenerRulePort } from "../deployers/live-traffic.js";
import { withAwsFailures } from "./aws-failure.js";
import { lazyElb } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/** ELBv2 behind the ListenerRulePort: one DescribeRules call for every rule of the environment. */
export function listenerRules(settings: AwsSettings): ListenerRulePort {
  // Loaded on first use: an environment without web services never needs ELBv2.
  const elb = lazyElb(clientConfig(settings));
  return withAwsFailures("ELBv2", {
    async describeRuleWeights(ruleArns) {
      const weights: RuleWeightsByArn = {};
      if (ruleArns.length === 0) return weights;
      const { sdk, client } = await elb();
      const { Rules = [] } = await client.send(new sdk.DescribeRulesCommand({ RuleArns: ruleArns }));
      for (const rule of Rules) {
        if (!rule.RuleArn) continue;
        const forward = rule.Actions?.find((a) => a.Type === "forward");
        weights[rule.RuleArn] = (forward?.ForwardConfig?.TargetGroups ?? []).map((t) => ({
          targetGroupArn: t.TargetGroupArn ?? "",
          weight: t.Weight ?? 0,
        }));
      }
      return weights;
    },
  });
}
