import type { Manifest } from "../manifest/types.js";
import { buildEnvironmentStack } from "./environment-stack.js";
import { applyOverrides } from "./overrides.js";
import type { Template } from "./template.js";
import { toYaml } from "./template-yaml.js";

/** An AWS quota the rendered environment would cross, at the manifest key that crossed it. */
export interface QuotaBreach {
  path: string;
  message: string;
  hint: string;
}

// CloudFormation: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
export const RESOURCES_PER_STACK = 500;
export const OUTPUTS_PER_STACK = 200;
// berth sends the template inline (src/aws/cloudformation.ts), where CreateChangeSet accepts 51,200 bytes:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html
export const INLINE_TEMPLATE_BYTES = 51_200;
// Application Load Balancer: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
export const RULES_PER_LOAD_BALANCER = 100;
export const TARGET_GROUPS_PER_LOAD_BALANCER = 100;
export const CONDITION_VALUES_PER_RULE = 5;
// VPC: https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups
export const RULES_PER_SECURITY_GROUP = 60;

const SPLIT_HINT = "move some services to an app of their own (another berth.yml) until this environment fits";

interface Entry {
  key: string;
  value: unknown;
}

/**
 * Every AWS quota a manifest can reach through the environment stack, checked on the rendered
 * template so the numbers are the ones CloudFormation would see. Each breach names the service
 * whose resources crossed the quota (the first one past it, in manifest order).
 */
export function checkQuotas(m: Manifest): QuotaBreach[] {
  const built = buildEnvironmentStack(m);
  const { template, problems } =
    m.overrides.length > 0 ? applyOverrides(built.template, m.overrides) : { template: built.template, problems: [] };
  if (problems.length > 0) return [];
  const ownerOf = (key: string): string => {
    const owner = built.owners.get(key);
    if (owner !== undefined) return `services.${owner}`;
    return m.overrides.length > 0 ? "overrides" : "services";
  };
  const resources = Object.entries(template.Resources).map(([id, value]) => ({ key: `resource:${id}`, value }));
  const outputs = Object.entries(template.Outputs).map(([id, value]) => ({ key: `output:${id}`, value }));
  const stack = `stack ${m.app}-${m.environment}`;
  const breaches: QuotaBreach[] = [];
  const count = (items: Entry[], limit: number, describe: (n: number) => string, hint: string) => {
    const crossing = items[limit];
    if (crossing) breaches.push({ path: ownerOf(crossing.key), message: describe(items.length), hint });
  };
  count(
    resources,
    RESOURCES_PER_STACK,
    (n) => `the ${stack} would hold ${n} resources; CloudFormation allows ${RESOURCES_PER_STACK} per stack`,
    SPLIT_HINT,
  );
  count(
    outputs,
    OUTPUTS_PER_STACK,
    (n) => `the ${stack} would have ${n} outputs; CloudFormation allows ${OUTPUTS_PER_STACK} per stack`,
    SPLIT_HINT,
  );
  const rules = ofType(resources, "AWS::ElasticLoadBalancingV2::ListenerRule");
  count(
    rules,
    RULES_PER_LOAD_BALANCER,
    (n) =>
      `the load balancer would need ${n} listener rules (two per web service); it allows ${RULES_PER_LOAD_BALANCER} by default`,
    `serve at most ${RULES_PER_LOAD_BALANCER / 2} services with http in one environment: ${SPLIT_HINT}`,
  );
  count(
    ofType(resources, "AWS::ElasticLoadBalancingV2::TargetGroup"),
    TARGET_GROUPS_PER_LOAD_BALANCER,
    (n) =>
      `the load balancer would need ${n} target groups (two per web service); it allows ${TARGET_GROUPS_PER_LOAD_BALANCER}, a quota AWS does not raise`,
    `serve at most ${TARGET_GROUPS_PER_LOAD_BALANCER / 2} services with http in one environment: ${SPLIT_HINT}`,
  );
  for (const rule of rules) {
    const values = conditionValues(rule.value);
    if (values > CONDITION_VALUES_PER_RULE) {
      breaches.push({
        path: ownerOf(rule.key),
        message: `listener rule ${rule.key.slice("resource:".length)} would match ${values} condition values; a rule allows ${CONDITION_VALUES_PER_RULE}`,
        hint: "match fewer hosts or paths in this rule",
      });
    }
  }
  for (const [group, groupRules] of securityGroupRules(resources)) {
    count(
      groupRules,
      RULES_PER_SECURITY_GROUP,
      (n) =>
        `security group ${group} would have ${n} rules; a security group allows ${RULES_PER_SECURITY_GROUP} in each direction by default`,
      `fewer services may use ${group.split(" ")[0]} in one environment: ${SPLIT_HINT}`,
    );
  }
  const size = templateSize(template, stack, [...resources, ...outputs], ownerOf);
  if (size) breaches.push(size);
  return breaches;
}

function ofType(resources: Entry[], type: string): Entry[] {
  return resources.filter((r) => (r.value as { Type?: string }).Type === type);
}

function conditionValues(rule: unknown): number {
  const conditions = ((rule as { Properties?: { Conditions?: unknown } }).Properties?.Conditions ?? []) as Record<
    string,
    unknown
  >[];
  if (!Array.isArray(conditions)) return 0;
  let values = 0;
  for (const condition of conditions) {
    for (const [key, config] of Object.entries(condition)) {
      if (key === "Values" && Array.isArray(config)) values += config.length;
      const nested = (config as { Values?: unknown } | null)?.Values;
      if (key.endsWith("Config") && Array.isArray(nested)) values += nested.length;
    }
  }
  return values;
}

/** Rules per security group and direction: standalone ingress/egress resources and inline rules, in template order. */
function securityGroupRules(resources: Entry[]): Map<string, Entry[]> {
  const groups = new Map<string, Entry[]>();
  const push = (group: string, entry: Entry) => groups.set(group, [...(groups.get(group) ?? []), entry]);
  for (const entry of resources) {
    const { Type, Properties = {} } = entry.value as { Type?: string; Properties?: Record<string, unknown> };
    const id = entry.key.slice("resource:".length);
    if (Type === "AWS::EC2::SecurityGroup") {
      for (const [property, direction] of [
        ["SecurityGroupIngress", "inbound"],
        ["SecurityGroupEgress", "outbound"],
      ] as const) {
        const inline = Properties[property];
        if (Array.isArray(inline)) for (const _ of inline) push(`${id} (${direction})`, entry);
      }
    }
    const direction =
      Type === "AWS::EC2::SecurityGroupIngress"
        ? "inbound"
        : Type === "AWS::EC2::SecurityGroupEgress"
          ? "outbound"
          : undefined;
    if (direction) push(`${groupName(Properties.GroupId)} (${direction})`, entry);
  }
  return groups;
}

function groupName(groupId: unknown): string {
  const att = (groupId as { "Fn::GetAtt"?: unknown[] } | null)?.["Fn::GetAtt"];
  return Array.isArray(att) && typeof att[0] === "string" ? att[0] : JSON.stringify(groupId);
}

/** The body berth sends, measured as sent; the breach names the service whose resources pushed it past the limit. */
function templateSize(
  template: Template,
  stack: string,
  entries: Entry[],
  ownerOf: (key: string) => string,
): QuotaBreach | undefined {
  const total = Buffer.byteLength(toYaml(template));
  if (total <= INLINE_TEMPLATE_BYTES) return undefined;
  // Each entry measured at the depth it has in the template (under Resources: or Outputs:).
  const nested = (e: Entry) =>
    Buffer.byteLength(toYaml({ R: { [e.key.slice(e.key.indexOf(":") + 1)]: e.value } })) - "R:\n".length;
  const items = entries.map((e) => ({ key: e.key, bytes: nested(e) }));
  let running = total - items.reduce((sum, item) => sum + item.bytes, 0);
  const crossing = items.find((item) => (running += item.bytes) > INLINE_TEMPLATE_BYTES) ?? items[items.length - 1];
  return {
    path: crossing ? ownerOf(crossing.key) : "services",
    message: `the template of the ${stack} would be ${total} bytes; berth sends it inline, where CloudFormation accepts ${INLINE_TEMPLATE_BYTES}`,
    hint: `remove overrides that add large policies, or ${SPLIT_HINT}`,
  };
}
