import waf from "../../templates/waf.yml";
import wafAssociation from "../../templates/waf-association.yml";
import { loadBalancerIds } from "../manifest/names.js";
import type { TemplateBuilder } from "./template.js";

/**
 * AWS's managed rule groups the web ACL runs, in order; each is free beyond WAF's price of a
 * rule (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html):
 * the common rule set (OWASP-style exploits), known bad inputs (Log4j and the like) and
 * Amazon's IP reputation list. None inspects bodies past WAF's limit or needs a CAPTCHA.
 */
export const WAF_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
] as const;

/** CloudWatch metric names take letters, digits and - _ only. */
const metricName = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, "-");

/** The web ACL and its association with each load balancer (`waf: true`; docs/manifest.md, "waf"). */
export function renderWaf(stack: string, loadBalancers: string[], t: TemplateBuilder): void {
  const rules = WAF_RULE_GROUPS.map((group, priority) => ({
    Name: group,
    Priority: priority,
    // The managed group's own actions (block), not overridden to count.
    OverrideAction: { None: {} },
    Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: group } },
    VisibilityConfig: {
      SampledRequestsEnabled: true,
      CloudWatchMetricsEnabled: true,
      MetricName: metricName(`${stack}-${group}`),
    },
  }));
  t.add(waf, { stackName: stack, metricName: metricName(stack), rules });
  for (const name of loadBalancers) t.add(wafAssociation, { Lb: loadBalancerIds(name).prefix });
}
