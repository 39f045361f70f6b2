import type { Problem } from "../manifest/problem.js";
import type { Manifest } from "../manifest/types.js";
import type { Teardown } from "./data.js";
import { renderEnvironmentStack, renderServiceTemplates } from "./environment-stack.js";
import { applyStackOverrides } from "./overrides.js";
import { splitPreviewStack } from "./preview-base.js";
import { onPreviewBase } from "./preview-names.js";
import type { LiveTraffic } from "./routing.js";
import { parameterizeStack, TEMPLATE_FINGERPRINT, templateFingerprint } from "./service-stack.js";
import type { Template } from "./template.js";
import { renderDashboardTemplate } from "./dashboard.js";
import { isDerivedOutput } from "./resolve-placeholders.js";

export interface RenderedStacks {
  /** The environment stack, with an output for every parameter a service stack declares. */
  environment: Template;
  /** Service name → the template of its stack `<app>-<env>-<service>`. */
  services: Record<string, Template>;
  /** The dashboard's stack `<app>-<env>--dashboard`, deployed after the service stacks. */
  dashboard: Template;
  /** Each environment output that only a service stack reads → the first service (manifest order) reading it. */
  outputReaders: Map<string, string>;
  /** A preview's: the shared base `<app>-previews`, whose outputs are the environment stack's parameters. */
  previewBase?: Template;
}

export type StacksResult = { ok: true; stacks: RenderedStacks } | { ok: false; problems: Problem[] };

// `render` checks quotas on the stacks (src/render/quotas.ts) and then prints them: one build of
// fresh stacks (no live weights, no teardown) serves both. Callers never mutate them.
const freshStacks = new WeakMap<Manifest, StacksResult>();

/** Every stack of the environment, overrides applied; live weights only in the service stacks. */
export function renderStacks(m: Manifest, traffic?: LiveTraffic, teardown?: Teardown): StacksResult {
  if (traffic !== undefined || teardown !== undefined) return build(m, traffic, teardown);
  const cached = freshStacks.get(m);
  if (cached) return cached;
  const built = build(m, undefined, undefined);
  freshStacks.set(m, built);
  return built;
}

function build(m: Manifest, traffic: LiveTraffic | undefined, teardown: Teardown | undefined): StacksResult {
  const patch = (live: LiveTraffic | undefined) =>
    applyStackOverrides(
      { environment: renderEnvironmentStack(m, teardown), services: renderServiceTemplates(m, live) },
      m.overrides,
    );
  const patched = patch(traffic);
  if (patched.problems.length > 0) return { ok: false, problems: patched.problems };
  // The fingerprint is of the template with initial weights: live weights move on every release.
  const fresh = traffic === undefined ? patched : patch(undefined);
  const environment = patched.stacks.environment;
  const outputs = { ...environment.Outputs };
  const outputReaders = new Map<string, string>();
  const services: Record<string, Template> = {};
  for (const [name, raw] of Object.entries(patched.stacks.services)) {
    const { template, environmentOutputs } = parameterizeStack(raw);
    const fingerprint =
      raw === fresh.stacks.services[name] ? template : parameterizeStack(fresh.stacks.services[name]!).template;
    template.Outputs[TEMPLATE_FINGERPRINT] = { Value: templateFingerprint(fingerprint) };
    services[name] = template;
    for (const [output, value] of Object.entries(environmentOutputs)) {
      const existing = outputs[output];
      if (existing === undefined) {
        outputs[output] = { Value: value };
        outputReaders.set(output, name);
      } else if (JSON.stringify(existing.Value) !== JSON.stringify(value)) {
        throw new Error(`environment output ${output} already holds another value than service ${name} needs`);
      }
    }
  }
  const dashboard = dashboardStack(m, outputs);
  const whole = { ...environment, Outputs: outputs };
  if (!onPreviewBase(m)) return { ok: true, stacks: { environment: whole, services, dashboard, outputReaders } };
  const split = splitPreviewStack(m, whole);
  return {
    ok: true,
    stacks: { environment: split.environment, services, dashboard, outputReaders, previewBase: split.base },
  };
}

/**
 * The dashboard's template, parameterized like a service stack's: each parameter is an
 * output of the environment stack or a service stack, or a full name berth derives from one
 * (the target groups', which live in the service stacks, and the load balancers').
 */
function dashboardStack(m: Manifest, outputs: Record<string, { Value: unknown }>): Template {
  const { template, environmentOutputs } = parameterizeStack(renderDashboardTemplate(m));
  for (const [output, value] of Object.entries(environmentOutputs)) {
    if (isDerivedOutput(output) || outputs[output] !== undefined) continue;
    outputs[output] = { Value: value };
  }
  template.Outputs[TEMPLATE_FINGERPRINT] = { Value: templateFingerprint(template) };
  return template;
}
