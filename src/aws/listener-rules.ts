import type { RuleWeightsByArn, ListenerRulePort } from "../deployers/live-traffic.js";
import type { ListenerPrioritiesPort, ListenerRuleSummary } from "../deployers/previews/listener-priorities-port.js";
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

/** ELBv2 behind the ListenerPrioritiesPort: every rule on a listener, page by page, but its default. */
export function listenerPriorities(settings: AwsSettings): ListenerPrioritiesPort {
  const elb = lazyElb(clientConfig(settings));
  return withAwsFailures("ELBv2", {
    async rulesOn(listenerArn) {
      const { sdk, client } = await elb();
      const rules: ListenerRuleSummary[] = [];
      let marker: string | undefined;
      do {
        const page = await client.send(new sdk.DescribeRulesCommand({ ListenerArn: listenerArn, Marker: marker }));
        for (const rule of page.Rules ?? []) {
          if (rule.IsDefault || rule.Priority === undefined || rule.Priority === "default") continue;
          const hosts = (rule.Conditions ?? [])
            .filter((c) => c.Field === "host-header")
            .flatMap((c) => c.HostHeaderConfig?.Values ?? c.Values ?? []);
          rules.push({ priority: Number(rule.Priority), hosts });
        }
        marker = page.NextMarker;
      } while (marker);
      return rules;
    },
  });
}
