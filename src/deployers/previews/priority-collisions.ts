import type { Manifest } from "../../manifest/types.js";
import { previewBaseStackName } from "../../render/preview-names.js";
import { onPreviewDomain } from "../../render/preview-routing.js";
import type { Rendered } from "../../render/render.js";
import type { CloudFormationPort } from "../infrastructure/cloudformation-port.js";
import type { PreflightProblem } from "../preflight-port.js";
import type { ListenerPrioritiesPort, ListenerRuleSummary } from "./listener-priorities-port.js";
import { previewStackProblems } from "./preview-base.js";
import type { StackState } from "../infrastructure/cloudformation-port.js";

/**
 * What keeps a preview's stacks from changing, for deploy and plan alike, before anything
 * changes: its room on the base or an earlier berth's whole preview (preview-base.ts), then
 * its rules' priorities on the shared listeners (when the rules can be read).
 */
export async function previewChangeProblems(
  m: Manifest,
  rendered: Rendered,
  existing: StackState | undefined,
  cloudFormation: Pick<CloudFormationPort, "describeStack" | "listStackNames">,
  rules: ListenerPrioritiesPort | undefined,
): Promise<PreflightProblem[]> {
  const problems = await previewStackProblems(m, rendered.template, existing, cloudFormation);
  if (problems.length > 0 || !rules) return problems;
  return previewPriorityProblems(m, rendered, cloudFormation, rules);
}

/** A listener rule a preview's service stacks would put on a shared listener. */
export interface PlannedRule {
  /** The service stack's parameter naming the listener: the base's output of the same name. */
  listener: string;
  priority: number;
  hosts: string[];
}

/**
 * With `environments.preview.domain`, previews' rules share the base's listeners, each
 * preview in a band of priorities two per web service wide (src/render/preview-routing.ts).
 * Bands of previews whose manifests have different numbers of web services can overlap,
 * and ELB refuses a priority another rule holds — halfway through the preview's service
 * stacks. So before anything changes, the rules on those listeners are read, and a priority
 * this preview would take that a rule of another host holds is a problem, named with whose
 * it is. The preview's own rules (its hosts) are not in its way: its stacks move them.
 */
export async function previewPriorityProblems(
  m: Manifest,
  rendered: Rendered,
  cloudFormation: Pick<CloudFormationPort, "describeStack">,
  rules: ListenerPrioritiesPort,
): Promise<PreflightProblem[]> {
  if (!onPreviewDomain(m)) return [];
  const base = await cloudFormation.describeStack(previewBaseStackName(m.app));
  if (!base) return [];
  const planned = plannedRules(rendered);
  const problems: PreflightProblem[] = [];
  for (const listener of new Set(planned.map((rule) => rule.listener))) {
    const arn = base.outputs?.[listener];
    if (!arn) continue;
    const mine = planned.filter((rule) => rule.listener === listener);
    problems.push(...priorityCollisions(m, listener, mine, await rules.rulesOn(arn)));
  }
  return problems;
}

/** The listener rules of the rendered service stacks, with their priority and hosts. */
export function plannedRules(rendered: Rendered): PlannedRule[] {
  return Object.values(rendered.services).flatMap((template) =>
    Object.values(template.Resources).flatMap((resource) => {
      const { Type, Properties } = resource as { Type: string; Properties?: Record<string, unknown> };
      const listener = (Properties?.ListenerArn as { Ref?: unknown } | undefined)?.Ref;
      if (Type !== "AWS::ElasticLoadBalancingV2::ListenerRule" || typeof listener !== "string") return [];
      return [{ listener, priority: Number(Properties?.Priority), hosts: hostsOf(Properties?.Conditions) }];
    }),
  );
}

/** One problem per holder of priorities this preview's rules would take on the listener. */
export function priorityCollisions(
  m: Manifest,
  listener: string,
  mine: PlannedRule[],
  existing: ListenerRuleSummary[],
): PreflightProblem[] {
  const ownHosts = new Set(mine.flatMap((rule) => rule.hosts));
  const wanted = new Set(mine.map((rule) => rule.priority));
  const held = new Map<string, number[]>();
  for (const rule of existing) {
    if (!wanted.has(rule.priority) || rule.hosts.some((host) => ownHosts.has(host))) continue;
    const holder = holderOf(m, rule.hosts);
    held.set(
      holder,
      [...(held.get(holder) ?? []), rule.priority].sort((a, b) => a - b),
    );
  }
  const band = [...wanted].sort((a, b) => a - b);
  const range = band.length > 1 ? `${band[0]}–${band.at(-1)}` : `${band[0]}`;
  return [...held].map(([holder, priorities]) => {
    const preview = /^pr-\d+$/.test(holder) ? holder : undefined;
    return {
      about: "previews' listener rules",
      reference: `${previewBaseStackName(m.app)}: ${listener} priorities ${priorities.join(", ")}`,
      message: `${m.environment}'s rules would take priorities ${range} on the previews' shared listener, and ${preview ? `${preview}'s rules hold` : `a rule for ${holder} holds`} ${priorities.join(", ")}; ELB would refuse them halfway through the deploy`,
      fix: preview
        ? `berth destroy -e ${preview} --yes, then deploy ${m.environment} again`
        : `remove that rule from the listener, or move it out of priorities ${range}`,
      ...(preview
        ? {
            hint: "each preview's band is two priorities per web service wide, so previews whose manifests have different numbers of web services can overlap; previews of the same web services never do",
          }
        : {}),
    };
  });
}

/** Whose a rule is: the preview its host names (`pr-7.<domain>`, `pr-7-api.<domain>`), or its hosts. */
function holderOf(m: Manifest, hosts: string[]): string {
  const suffix = `.${m.previewDomain ?? ""}`;
  for (const host of hosts) {
    const preview = host.endsWith(suffix) ? /^(pr-\d+)(-[^.]+)?$/.exec(host.slice(0, -suffix.length))?.[1] : undefined;
    if (preview) return preview;
  }
  return hosts.length > 0 ? hosts.join(", ") : "any host";
}

function hostsOf(conditions: unknown): string[] {
  if (!Array.isArray(conditions)) return [];
  return conditions.flatMap((condition: { Field?: string; HostHeaderConfig?: { Values?: unknown[] } }) =>
    condition.Field === "host-header"
      ? (condition.HostHeaderConfig?.Values ?? []).filter((v): v is string => typeof v === "string")
      : [],
  );
}
