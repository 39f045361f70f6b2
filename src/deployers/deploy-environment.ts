import type { Problem } from "../manifest/problem.js";
import type { Manifest } from "../manifest/types.js";
import { renderAppStack } from "../render/app-stack.js";
import { appStackName, stackName } from "../render/names.js";
import { renderApplication } from "../render/render.js";
import { toYaml } from "../render/template-yaml.js";
import type { Template } from "../render/template.js";
import { summarizeChanges } from "./infrastructure/change-summary.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import { deployInfrastructure, type InfrastructureOptions } from "./infrastructure/deploy-infrastructure.js";
import type { InfrastructureOutcome } from "./infrastructure/events.js";
import { liveRuleArns, liveTrafficFrom, type ListenerRulePort } from "./live-traffic.js";

/** What bringing an environment up to date needs from the outside world. */
export interface EnvironmentPorts {
  cloudFormation: CloudFormationPort;
  listenerRules: ListenerRulePort;
  /** Builds and pushes what is missing; returns every service's image pinned by digest. */
  pushImages(): Promise<Record<string, string>>;
}

export type EnvironmentStep = "app-stack" | "images" | "environment-stack";

export interface EnvironmentOutcome {
  ok: boolean;
  /** Manifest problems found while rendering (overrides that do not apply): nothing was touched. */
  problems?: Problem[];
  stacks: InfrastructureOutcome[];
  images?: Record<string, string>;
}

const SETTLED_WELL = new Set(["unchanged", "created", "updated", "planned"]);

function plannedCreation(stackName: string, template: Template, options: InfrastructureOptions): InfrastructureOutcome {
  const changes = Object.entries(template.Resources).map(([logicalId, resource]) => ({ action: "Add" as const, logicalId, resourceType: (resource as { Type: string }).Type }));
  const summary = summarizeChanges(changes);
  options.emit?.({ type: "change-set-ready", stackName, summary });
  return { result: "planned", stackName, summary };
}

/**
 * The infrastructure half of `berth deploy` (and all of `berth diff`): the app stack
 * with the image repositories, then the images, then the environment stack rendered
 * with the listener weights ECS left live, so the update never moves traffic.
 * `execute: false` stops at the change sets and pushes nothing.
 */
export async function deployEnvironment(m: Manifest, ports: EnvironmentPorts, options: InfrastructureOptions & { onStep?: (step: EnvironmentStep) => void }): Promise<EnvironmentOutcome> {
  // Render once before touching AWS: a manifest whose overrides do not apply changes nothing.
  const first = renderApplication(m);
  if (!first.ok) return { ok: false, problems: first.problems, stacks: [] };
  const tags = { "berth:app": m.app, "berth:environment": m.environment };
  const stacks: InfrastructureOutcome[] = [];
  const step = options.onStep ?? (() => {});

  const apply = async (name: string, template: Template, stackTags: Record<string, string>, exists?: boolean): Promise<InfrastructureOutcome> => {
    // A diff of a stack that does not exist yet is its whole template; a CREATE change set
    // would leave an empty stack behind (REVIEW_IN_PROGRESS) for a command that changes nothing.
    if (options.execute === false && !(exists ?? (await ports.cloudFormation.describeStack(name)) !== undefined)) return plannedCreation(name, template, options);
    return deployInfrastructure(ports.cloudFormation, { stackName: name, templateBody: toYaml(template), tags: stackTags }, options);
  };

  const appTemplate = renderAppStack(m);
  if (appTemplate) {
    step("app-stack");
    const app = await apply(appStackName(m.app), appTemplate, { "berth:app": m.app });
    stacks.push(app);
    if (!SETTLED_WELL.has(app.result)) return { ok: false, stacks };
  }

  let images: Record<string, string> | undefined;
  if (options.execute !== false) {
    step("images");
    images = await ports.pushImages();
  }

  step("environment-stack");
  const name = stackName(m.app, m.environment);
  const live = await ports.cloudFormation.describeStack(name);
  const outputs = live?.outputs ?? {};
  const ruleArns = liveRuleArns(m, outputs);
  const traffic = ruleArns.length > 0 ? liveTrafficFrom(m, outputs, await ports.listenerRules.describeRuleWeights(ruleArns)) : {};
  const rendered = renderApplication(m, { traffic });
  if (!rendered.ok) return { ok: false, problems: rendered.problems, stacks };
  const environment = await apply(name, rendered.rendered.template, tags, live !== undefined);
  stacks.push(environment);
  return { ok: SETTLED_WELL.has(environment.result), stacks, ...(images ? { images } : {}) };
}
