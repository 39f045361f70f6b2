import { callMoto } from "./moto-call.js";

export type RuleWeights = Record<string, Record<string, number>>;

/**
 * Copies the simulator's listener rule weights into moto, so that reading the rules back
 * through ELBv2 (berth keeps live weights across infrastructure updates) sees the traffic
 * split the simulated deployment made, as it would on AWS where ECS rewrites the rule.
 * Only rules whose weights changed since the last push are modified.
 */
export function listenerWeightsPusher(motoEndpoint: string): (rules: RuleWeights) => Promise<void> {
  const pushed = new Map<string, string>();
  return async (rules) => {
    for (const [ruleArn, weights] of Object.entries(rules)) {
      const key = JSON.stringify(weights);
      if (pushed.get(ruleArn) === key) continue;
      const { status, text } = await callMoto(motoEndpoint, {
        region: ruleArn.split(":")[3] ?? "us-east-1",
        service: "elasticloadbalancing",
        headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
        body: modifyRuleBody(ruleArn, weights),
      });
      // A rule moto does not know (the service names one no stack created) has nothing to update.
      if (status === 200 || /RuleNotFound/.test(text)) pushed.set(ruleArn, key);
    }
  };
}

/** ModifyRule in the query protocol: a weighted forward to every target group. */
export function modifyRuleBody(ruleArn: string, weights: Record<string, number>): string {
  const params = new URLSearchParams({
    Action: "ModifyRule",
    Version: "2015-12-01",
    RuleArn: ruleArn,
    "Actions.member.1.Type": "forward",
  });
  Object.entries(weights).forEach(([targetGroupArn, weight], i) => {
    params.set(`Actions.member.1.ForwardConfig.TargetGroups.member.${i + 1}.TargetGroupArn`, targetGroupArn);
    params.set(`Actions.member.1.ForwardConfig.TargetGroups.member.${i + 1}.Weight`, String(weight));
  });
  return params.toString();
}
