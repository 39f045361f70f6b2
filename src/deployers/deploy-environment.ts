import type { Problem } from "../manifest/problem.js";
import type { Manifest } from "../manifest/types.js";
import { renderAppStack } from "../render/app-stack.js";
import { appStackName, stackName } from "../render/names.js";
import { renderApplication } from "../render/render.js";
import { toYaml } from "../render/template-yaml.js";
import type { Rendered } from "../render/render.js";
import type { Template } from "../render/template.js";
import { systemClock } from "../time/clock.js";
import type { CheckPorts } from "./release/check-new-version.js";
import { releaseService, type ReleaseEvent, type ServiceOutcome } from "./release/release-service.js";
import { summarizeChanges } from "./infrastructure/change-summary.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import { deployInfrastructure, type InfrastructureOptions } from "./infrastructure/deploy-infrastructure.js";
import type { InfrastructureOutcome } from "./infrastructure/events.js";
import { liveRuleArns, liveTrafficFrom, type ListenerRulePort } from "./live-traffic.js";

/** What bringing an environment up to date needs from the outside world. */
export interface EnvironmentPorts {
  cloudFormation: CloudFormationPort;
  listenerRules: ListenerRulePort;
  /** Builds and pushes what is missing; every service's image pinned by digest, and the pull secret for another registry. */
  pushImages(): Promise<PushedImages>;
  /** Releasing the services once the stacks are up to date; absent, deploy stops at the infrastructure. */
  release?: ReleasePorts;
}

export interface PushedImages {
  images: Record<string, string>;
  pullCredentials?: string;
}

export interface ReleasePorts {
  checks: Omit<CheckPorts, "rules">;
  identity(): Promise<{ account: string; partition: string; region: string }>;
}

export type EnvironmentStep = "app-stack" | "images" | "environment-stack" | "release";

export interface EnvironmentOutcome {
  ok: boolean;
  /** Manifest problems found while rendering (overrides that do not apply): nothing was touched. */
  problems?: Problem[];
  stacks: InfrastructureOutcome[];
  images?: Record<string, string>;
  releases?: ServiceOutcome[];
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
export interface EnvironmentOptions extends InfrastructureOptions {
  onStep?: (step: EnvironmentStep) => void;
  onRelease?: (event: ReleaseEvent) => void;
  /** How often a release's deployment is polled (default 3 s). */
  releasePollMs?: number;
}

export async function deployEnvironment(m: Manifest, ports: EnvironmentPorts, options: EnvironmentOptions): Promise<EnvironmentOutcome> {
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

  step("app-stack");
  const app = await apply(appStackName(m.app), renderAppStack(m), { "berth:app": m.app });
  stacks.push(app);
  if (!SETTLED_WELL.has(app.result)) return { ok: false, stacks };

  let pushed: PushedImages | undefined;
  if (options.execute !== false) {
    step("images");
    pushed = await ports.pushImages();
  }

  step("environment-stack");
  const name = stackName(m.app, m.environment);
  const live = await ports.cloudFormation.describeStack(name);
  const outputs = live?.outputs ?? {};
  const ruleArns = liveRuleArns(m, outputs);
  const traffic = ruleArns.length > 0 ? liveTrafficFrom(m, outputs, await ports.listenerRules.describeRuleWeights(ruleArns)) : {};
  // Without live weights (a new environment, or no web service) the first rendering stands.
  const rendered = Object.keys(traffic).length > 0 ? renderApplication(m, { traffic }) : first;
  if (!rendered.ok) return { ok: false, problems: rendered.problems, stacks };
  const environment = await apply(name, rendered.rendered.template, tags, live !== undefined);
  stacks.push(environment);
  const images = pushed ? { images: pushed.images } : {};
  if (!SETTLED_WELL.has(environment.result) || !pushed || !ports.release) return { ok: SETTLED_WELL.has(environment.result), stacks, ...images };

  step("release");
  // An unchanged stack still has the outputs read above; a created or updated one is read again.
  const current = environment.result === "unchanged" ? outputs : ((await ports.cloudFormation.describeStack(name))?.outputs ?? {});
  const releases = await releaseAll(m, rendered.rendered, pushed, current, { ...ports.release, rules: ports.listenerRules }, options);
  const ok = releases.every((r) => r.result === "released" || r.result === "unchanged");
  return { ok, stacks, ...images, releases };
}

async function releaseAll(
  m: Manifest,
  rendered: Rendered,
  pushed: PushedImages,
  outputs: Record<string, string>,
  ports: ReleasePorts & { rules: ListenerRulePort },
  options: EnvironmentOptions,
): Promise<ServiceOutcome[]> {
  const values = { outputs, images: pushed.images, ...(await ports.identity()), ...(pushed.pullCredentials ? { pullCredentials: pushed.pullCredentials } : {}) };
  const context = { clock: options.clock ?? systemClock, pollMs: options.releasePollMs ?? 3_000, timeoutMs: 60 * 60_000, emit: options.onRelease ?? (() => {}) };
  const checks = { ...ports.checks, rules: ports.rules };
  return Promise.all(Object.values(m.services).map((s) => releaseService(m, s, rendered, values, checks, context)));
}
