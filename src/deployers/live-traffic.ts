import type { Manifest } from "../manifest/types.js";
import { logicalId } from "../manifest/names.js";
import type { LiveTraffic, RuleWeights } from "../render/routing.js";

/** Target-group weights of listener rules, as ELBv2 reports them. */
export type RuleWeightsByArn = Record<string, { targetGroupArn: string; weight: number }[]>;

/** The one ELBv2 read the infrastructure deployer needs before it renders an update. */
export interface ListenerRulePort {
  describeRuleWeights(ruleArns: string[]): Promise<RuleWeightsByArn>;
}

/** The listener rules of a live environment, from its stack outputs (what to ask ELBv2 about). */
export function liveRuleArns(m: Manifest, outputs: Record<string, string>): string[] {
  return webServiceIds(m)
    .flatMap((id) => [outputs[`${id}ListenerRule`], outputs[`${id}TestListenerRule`]])
    .filter((arn): arn is string => arn !== undefined);
}

/**
 * Where ECS left each service's traffic: the weights on its production and test rules,
 * told apart by target group. A service not yet deployed, or whose rules do not name its
 * two target groups, keeps the rendered default.
 */
export function liveTrafficFrom(m: Manifest, outputs: Record<string, string>, weights: RuleWeightsByArn): LiveTraffic {
  const traffic: LiveTraffic = {};
  for (const service of Object.values(m.services).filter((s) => s.http)) {
    const id = logicalId(service.name);
    const groups = { a: outputs[`${id}TargetGroupA`], b: outputs[`${id}TargetGroupB`] };
    const production = ruleWeights(weights[outputs[`${id}ListenerRule`] ?? ""], groups);
    const test = ruleWeights(weights[outputs[`${id}TestListenerRule`] ?? ""], groups);
    if (production && test) traffic[service.name] = { production, test };
  }
  return traffic;
}

/** A rule that forwards to only one of the two groups sends the other nothing. */
function ruleWeights(
  rule: RuleWeightsByArn[string] | undefined,
  groups: { a?: string; b?: string },
): RuleWeights | undefined {
  if (!rule || !groups.a || !groups.b) return undefined;
  const a = rule.find((t) => t.targetGroupArn === groups.a);
  const b = rule.find((t) => t.targetGroupArn === groups.b);
  return a || b ? { a: a?.weight ?? 0, b: b?.weight ?? 0 } : undefined;
}

function webServiceIds(m: Manifest): string[] {
  return Object.values(m.services)
    .filter((s) => s.http)
    .map((s) => logicalId(s.name));
}
