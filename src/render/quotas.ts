import { loadBalancerIds, logicalId, MAIN_LOAD_BALANCER, serviceStackName, stackName } from "../manifest/names.js";
import { loadBalancersInUse } from "./load-balancers.js";
import type { Manifest } from "../manifest/types.js";
import { renderStacks, type RenderedStacks } from "./stacks.js";
import type { Template } from "./template.js";
import { renderedYaml, toYaml } from "./template-yaml.js";
import { checkNameLengths } from "./name-lengths.js";
import { taskSecurityGroups } from "./service-definition.js";
import type { QuotaBreach } from "./quota-breach.js";

export type { QuotaBreach } from "./quota-breach.js";

// CloudFormation: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
export const RESOURCES_PER_STACK = 500;
export const OUTPUTS_PER_STACK = 200;
export const PARAMETERS_PER_STACK = 200;
// A template over 51,200 bytes goes to CloudFormation through S3 (TemplateURL,
// src/deployers/infrastructure/template-upload.ts), where it may be 1 MB (the limits page above).
export const TEMPLATE_BYTES = 1_000_000;
// Application Load Balancer: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
export const RULES_PER_LOAD_BALANCER = 100;
export const TARGET_GROUPS_PER_LOAD_BALANCER = 100;
export const CONDITION_VALUES_PER_RULE = 5;
// VPC: https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups
export const RULES_PER_SECURITY_GROUP = 60;
// ECS tasks in awsvpc mode: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html
export const SECURITY_GROUPS_PER_TASK = 5;

const SPLIT_HINT = "move some services to an app of their own (another berth.yml) until this environment fits";

/** A resource or output of one stack, with the manifest key that made it. */
interface Entry {
  id: string;
  value: unknown;
  path: string;
}

/**
 * Every AWS quota a manifest can reach through its stacks, checked on the rendered templates
 * so the numbers are the ones CloudFormation would see: per stack (the environment's and each
 * service's), per load balancer (listener rules, target groups) and per security group (each
 * load balancer has its own) across the stacks. Each breach names the manifest key whose
 * resources crossed the quota (the first one past it, in manifest order).
 */
export function checkQuotas(m: Manifest): QuotaBreach[] {
  const rendered = renderStacks(m);
  if (!rendered.ok) return [];
  const { environment, services } = rendered.stacks;
  const environmentOwner = environmentOwners(m, rendered.stacks);
  const breaches: QuotaBreach[] = [...checkNameLengths(m, rendered.stacks, environmentOwner)];
  breaches.push(...stackQuotas(stackName(m.app, m.environment), environment, environmentOwner));
  for (const [name, template] of Object.entries(services))
    breaches.push(...stackQuotas(serviceStackName(m.app, m.environment, name), template, () => `services.${name}`));
  const all = [
    ...entries(environment, environmentOwner),
    ...Object.entries(services).flatMap(([name, template]) => entries(template, () => `services.${name}`)),
  ];
  const count = (items: Entry[], limit: number, message: (n: number) => string, hint: string) => {
    const crossing = items[limit];
    if (crossing) breaches.push({ path: crossing.path, message: message(items.length), hint });
  };
  const rules = ofType(all, "AWS::ElasticLoadBalancingV2::ListenerRule");
  const onLoadBalancer = loadBalancerOfEntry(m);
  const hint = "put some web services on another load balancer with `loadBalancer: NAME` under their http:";
  for (const [loadBalancer, lbRules] of groupBy(rules, (rule) => onLoadBalancer.ofRule(rule))) {
    count(
      lbRules,
      RULES_PER_LOAD_BALANCER,
      (n) =>
        `${describeLoadBalancer(loadBalancer)} would need ${n} listener rules (two per web service); it allows ${RULES_PER_LOAD_BALANCER} by default`,
      hint,
    );
  }
  const targetGroups = ofType(all, "AWS::ElasticLoadBalancingV2::TargetGroup");
  for (const [loadBalancer, groups] of groupBy(targetGroups, (group) => onLoadBalancer.ofService(group.path))) {
    count(
      groups,
      TARGET_GROUPS_PER_LOAD_BALANCER,
      (n) =>
        `${describeLoadBalancer(loadBalancer)} would need ${n} target groups (two per web service); it allows ${TARGET_GROUPS_PER_LOAD_BALANCER}, a quota AWS does not raise`,
      hint,
    );
  }
  for (const rule of rules) {
    const values = conditionValues(rule.value);
    if (values > CONDITION_VALUES_PER_RULE) {
      breaches.push({
        path: rule.path,
        message: `listener rule ${rule.id} would match ${values} condition values; a rule allows ${CONDITION_VALUES_PER_RULE}`,
        hint: "match fewer hosts or paths in this rule",
      });
    }
  }
  for (const [group, groupRules] of securityGroupRules(all)) {
    count(
      groupRules,
      RULES_PER_SECURITY_GROUP,
      (n) =>
        `security group ${group} would have ${n} rules; a security group allows ${RULES_PER_SECURITY_GROUP} in each direction by default`,
      `fewer services may use ${group.split(" ")[0]} in one environment: ${SPLIT_HINT}`,
    );
  }
  breaches.push(...taskSecurityGroupQuota(m));
  return breaches;
}

/** A task carries its service's group plus a client group per data resource it reaches (database, each volume). */
function taskSecurityGroupQuota(m: Manifest): QuotaBreach[] {
  return Object.values(m.services).flatMap((s) => {
    const groups = taskSecurityGroups(m, s).length;
    if (groups <= SECURITY_GROUPS_PER_TASK) return [];
    const volumes = SECURITY_GROUPS_PER_TASK - (groups - Object.keys(s.volumes).length);
    return [
      {
        path: `services.${s.name}`,
        message: `the tasks of ${s.name} would need ${groups} security groups (its own, and one for the database, each volume and each cache it reaches); ECS allows ${SECURITY_GROUPS_PER_TASK} per task`,
        hint: `mount at most ${volumes} volumes in this service (directories of one volume can serve several mounts), or split it`,
      },
    ];
  });
}

/**
 * Which load balancer an entry counts against: a listener rule by the listener it names
 * (`HttpListener`, `ApiHttpsListener`, ... as src/manifest/names.ts loadBalancerIds names them,
 * a parameter in a service stack), a target group by the web service whose stack holds it.
 */
function loadBalancerOfEntry(m: Manifest) {
  const byListener = new Map<string, string>();
  for (const name of loadBalancersInUse(m)) {
    const ids = loadBalancerIds(name);
    byListener.set(ids.httpListener, name).set(ids.httpsListener, name);
  }
  return {
    ofRule(rule: Entry): string | undefined {
      const listener = (rule.value as { Properties?: { ListenerArn?: { Ref?: unknown } } }).Properties?.ListenerArn;
      return typeof listener?.Ref === "string" ? byListener.get(listener.Ref) : undefined;
    },
    ofService(path: string): string | undefined {
      const service = path.startsWith("services.") ? m.services[path.slice("services.".length)] : undefined;
      return service?.http?.loadBalancer;
    },
  };
}

function describeLoadBalancer(name: string | undefined): string {
  if (name === undefined) return "a load balancer";
  return name === MAIN_LOAD_BALANCER ? "the main load balancer" : `load balancer ${name}`;
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function stackQuotas(stack: string, template: Template, ownerOf: (id: string) => string): QuotaBreach[] {
  const breaches: QuotaBreach[] = [];
  const count = (kind: string, ids: string[], limit: number) => {
    const crossing = ids[limit];
    if (crossing === undefined) return;
    breaches.push({
      path: ownerOf(crossing),
      message: `the stack ${stack} would have ${ids.length} ${kind}; CloudFormation allows ${limit} per stack`,
      hint: SPLIT_HINT,
    });
  };
  count("resources", Object.keys(template.Resources), RESOURCES_PER_STACK);
  count("outputs", Object.keys(template.Outputs), OUTPUTS_PER_STACK);
  count("parameters", Object.keys(template.Parameters ?? {}), PARAMETERS_PER_STACK);
  const size = templateSize(template, stack, ownerOf);
  if (size) breaches.push(size);
  return breaches;
}

/**
 * The manifest key behind each environment resource or output: the queue, bucket or volume
 * whose logical id starts it, the first service reading an output made for service stacks,
 * else the overrides (if any) or the app.
 */
function environmentOwners(m: Manifest, stacks: RenderedStacks): (id: string) => string {
  const owners = (["queues", "buckets", "volumes"] as const).flatMap((section) =>
    Object.keys(m[section]).map((name) => ({ path: `${section}.${name}`, prefix: logicalId(name) })),
  );
  return (id) => {
    const reader = stacks.outputReaders.get(id);
    if (reader !== undefined) return `services.${reader}`;
    // The longest matching id wins: `q90`'s resources start with `q9`'s id too.
    let owner: string | undefined;
    let longest = 0;
    for (const { path, prefix } of owners) {
      if (prefix.length > longest && id.startsWith(prefix)) {
        owner = path;
        longest = prefix.length;
      }
    }
    return owner ?? (m.overrides.length > 0 ? "overrides" : "app");
  };
}

function entries(template: Template, ownerOf: (id: string) => string): Entry[] {
  return Object.entries(template.Resources).map(([id, value]) => ({ id, value, path: ownerOf(id) }));
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

/**
 * Rules per security group and direction, across stacks: standalone ingress/egress resources
 * and inline rules, in stack order. A service stack names a shared group through the parameter
 * `<Group>GroupId` (src/render/service-stack.ts), the environment through GetAtt: both count for `<Group>`.
 */
function securityGroupRules(resources: Entry[]): Map<string, Entry[]> {
  const groups = new Map<string, Entry[]>();
  const push = (group: string, entry: Entry) => groups.set(group, [...(groups.get(group) ?? []), entry]);
  for (const entry of resources) {
    const { Type, Properties = {} } = entry.value as { Type?: string; Properties?: Record<string, unknown> };
    if (Type === "AWS::EC2::SecurityGroup") {
      for (const [property, direction] of [
        ["SecurityGroupIngress", "inbound"],
        ["SecurityGroupEgress", "outbound"],
      ] as const) {
        const inline = Properties[property];
        if (Array.isArray(inline)) for (const _ of inline) push(`${entry.id} (${direction})`, entry);
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
  if (Array.isArray(att) && typeof att[0] === "string") return att[0];
  const parameter = (groupId as { Ref?: unknown } | null)?.Ref;
  if (typeof parameter === "string" && parameter.endsWith("GroupId")) return parameter.slice(0, -"GroupId".length);
  return JSON.stringify(groupId);
}

/** The body berth sends, measured as sent; the breach names the key whose resources pushed it past the limit. */
function templateSize(template: Template, stack: string, ownerOf: (id: string) => string): QuotaBreach | undefined {
  const total = Buffer.byteLength(renderedYaml(template));
  if (total <= TEMPLATE_BYTES) return undefined;
  // Each entry measured at the depth it has in the template (under Resources: or Outputs:).
  const nested = (id: string, value: unknown) => Buffer.byteLength(toYaml({ R: { [id]: value } })) - "R:\n".length;
  const items = [...Object.entries(template.Resources), ...Object.entries(template.Outputs)].map(([id, value]) => ({
    id,
    bytes: nested(id, value),
  }));
  let running = total - items.reduce((sum, item) => sum + item.bytes, 0);
  const crossing = items.find((item) => (running += item.bytes) > TEMPLATE_BYTES) ?? items[items.length - 1];
  return {
    path: crossing ? ownerOf(crossing.id) : "services",
    message: `the template of the stack ${stack} would be ${total} bytes; CloudFormation reads at most ${TEMPLATE_BYTES} (from S3)`,
    hint: `remove overrides that add large policies, or ${SPLIT_HINT}`,
  };
}
