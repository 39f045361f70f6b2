import type { Manifest } from "../../manifest/types.js";
import { serviceStackName, stackName } from "../../manifest/names.js";
import { renderApplication, type Rendered } from "../../render/render.js";
import type { Template } from "../../render/template.js";
import { keepDeployedRules } from "../deployed-weights.js";
import type { CloudFormationPort, StackState } from "../infrastructure/cloudformation-port.js";
import type { InfrastructureOutcome } from "../infrastructure/events.js";
import { liveRuleArns, liveTrafficFrom, type ListenerRulePort } from "../live-traffic.js";
import { scheduleNames, withScheduleTargets } from "../schedules/deployed-schedules.js";
import type { SchedulePort } from "../schedules/schedule-port.js";
import { parametersOf, type StackStep } from "../stack-step.js";
import { settleBounded, STACKS_AT_ONCE } from "./bounded.js";
import { foreignStackRefusal, serviceStackOwnership, serviceStackTags } from "./ownership.js";
import { isUpToDate } from "./up-to-date.js";

export interface ServiceStackPorts {
  cloudFormation: Pick<CloudFormationPort, "describeStack" | "getTemplate">;
  listenerRules: ListenerRulePort;
  /** The schedules' live targets, kept through stack updates (deployers/schedules/deployed-schedules.ts). */
  release?: { schedules?: Pick<SchedulePort, "target"> | undefined };
}

/** One service's stack after a deploy (or, for diff, what deploy would do to it). */
export interface ServiceStackResult {
  service: string;
  outcome: InfrastructureOutcome;
  /** Its outputs now: those read before when nothing changed or the update failed. */
  outputs: Record<string, string>;
}

/** What to do with one service's stack, decided from one DescribeStacks. */
export type ServiceStackPlan =
  { kind: "unchanged" } | { kind: "apply"; exists: boolean } | { kind: "refuse"; reason: string; hint: string };

export function planServiceStack(
  m: Manifest,
  service: string,
  template: Template,
  live: StackState | undefined,
  parameters: Record<string, string>,
): ServiceStackPlan {
  const ownership = serviceStackOwnership(live, m.app, m.environment, service);
  if (ownership.kind === "foreign")
    return { kind: "refuse", ...foreignStackRefusal(m.app, m.environment, service, ownership.owner) };
  if (isUpToDate(live, template, parameters)) return { kind: "unchanged" };
  return { kind: "apply", exists: live !== undefined };
}

/**
 * Every service's stack brought to its template after the environment stack, a few at a
 * time (bounded.ts). A stack whose fingerprint and parameters match is left alone after the
 * one DescribeStacks the caller made; the others get a change set rendered with the listener
 * weights ECS left live, read only for them. A stack that fails rolls back alone: its result
 * says so and the others carry on.
 */
export async function deployServiceStacks(
  m: Manifest,
  initial: Rendered,
  live: Record<string, StackState | undefined>,
  environmentOutputs: Record<string, string>,
  ports: ServiceStackPorts,
  step: StackStep,
): Promise<ServiceStackResult[]> {
  const services = Object.keys(initial.services).sort();
  const inputs = Object.fromEntries(services.map((s) => [s, parametersOf(initial.services[s]!, environmentOutputs)]));
  const plans = Object.fromEntries(
    services.map((s) => [s, planServiceStack(m, s, initial.services[s]!, live[s], inputs[s]!.parameters)]),
  );
  const templates = await templatesWithLiveSchedules(
    m,
    await templatesWithLiveWeights(m, initial, live, plans, ports),
    plans,
    ports,
  );
  const settled = await settleBounded(services, STACKS_AT_ONCE, async (service): Promise<ServiceStackResult> => {
    const plan = plans[service]!;
    const stackName = serviceStackName(m.app, m.environment, service);
    const before = live[service]?.outputs ?? {};
    if (plan.kind === "unchanged") return { service, outcome: { result: "unchanged", stackName }, outputs: before };
    if (plan.kind === "refuse") {
      const status = live[service]?.status ?? "unknown";
      return {
        service,
        outcome: { result: "stopped", stackName, status, reason: plan.reason, hint: plan.hint },
        outputs: {},
      };
    }
    const outcome = await step({
      stackName,
      template: templates[service]!,
      tags: serviceStackTags(m.app, m.environment, service),
      ...inputs[service]!,
      exists: plan.exists,
    });
    const changed = outcome.result === "created" || outcome.result === "updated";
    const outputs = changed ? ((await ports.cloudFormation.describeStack(stackName))?.outputs ?? {}) : before;
    return { service, outcome, outputs };
  });
  return settled.map((r, i) => {
    if (r.status === "fulfilled") return r.value;
    const service = services[i]!;
    const stackName = serviceStackName(m.app, m.environment, service);
    const reason = r.reason instanceof Error ? r.reason.message : String(r.reason);
    const rootCause = { logicalId: stackName, resourceType: "AWS::CloudFormation::Stack", status: "FAILED", reason };
    return { service, outcome: { result: "failed", stackName, status: "FAILED", rootCause }, outputs: {} };
  });
}

/** The templates of the stacks that update, each schedule with the revision berth pointed it at. */
async function templatesWithLiveSchedules(
  m: Manifest,
  templates: Record<string, Template>,
  plans: Record<string, ServiceStackPlan>,
  ports: ServiceStackPorts,
): Promise<Record<string, Template>> {
  const port = ports.release?.schedules;
  const updating = Object.keys(plans).filter((s) => {
    const plan = plans[s]!;
    return plan.kind === "apply" && plan.exists && scheduleNames(templates[s]!).length > 0;
  });
  if (!port || updating.length === 0) return templates;
  const kept = { ...templates };
  for (const service of updating) {
    const deployed = await ports.cloudFormation.getTemplate?.(serviceStackName(m.app, m.environment, service));
    kept[service] = await withScheduleTargets(kept[service]!, deployed, stackName(m.app, m.environment), port);
  }
  return kept;
}

/**
 * The templates of the stacks to apply, with each web service's listener weights where ECS
 * left them (live-traffic.ts), so an update never moves traffic. One DescribeRules for the
 * stacks that will update, and one more rendering when any has live weights.
 */
async function templatesWithLiveWeights(
  m: Manifest,
  initial: Rendered,
  live: Record<string, StackState | undefined>,
  plans: Record<string, ServiceStackPlan>,
  ports: ServiceStackPorts,
): Promise<Record<string, Template>> {
  const updating = Object.keys(plans).filter((s) => {
    const plan = plans[s]!;
    return plan.kind === "apply" && plan.exists;
  });
  const outputs = Object.assign({}, ...updating.map((s) => live[s]?.outputs ?? {})) as Record<string, string>;
  const ruleArns = liveRuleArns(m, outputs);
  const traffic =
    ruleArns.length > 0 ? liveTrafficFrom(m, outputs, await ports.listenerRules.describeRuleWeights(ruleArns)) : {};
  if (Object.keys(traffic).length === 0) return initial.services;
  const rendered = renderApplication(m, { traffic });
  // The same manifest rendered without weights a moment ago: a failure here is a bug in berth.
  if (!rendered.ok) throw new Error(`rendering with live listener weights failed: ${rendered.problems[0]?.message}`);
  const templates = { ...initial.services };
  for (const service of Object.keys(traffic)) {
    const template = rendered.rendered.services[service];
    if (!template) continue;
    const deployed = await ports.cloudFormation.getTemplate?.(serviceStackName(m.app, m.environment, service));
    templates[service] = keepDeployedRules(m, template, deployed);
  }
  return templates;
}
