import type { Problem } from "../manifest/problem.js";
import type { Manifest } from "../manifest/types.js";
import { renderAppStack } from "./app-stack.js";
import type { Teardown } from "./data.js";
import type { LiveTraffic } from "./routing.js";
import { renderServiceDefinition, type ServiceDefinition } from "./service-definition.js";
import { renderTaskDefinition } from "./task-definition.js";
import type { Template } from "./template.js";
import type { RegisterTaskDefinitionRequest } from "@aws-sdk/client-ecs";
import { networkRefs } from "./network.js";
import { renderStacks } from "./stacks.js";

/** Everything AWS needs for one environment, rendered without an AWS call. */
export interface Rendered {
  /** The environment stack `<app>-<env>`: shared resources only. */
  template: Template;
  /** Service name → the template of its stack `<app>-<env>-<service>` (src/manifest/names.ts serviceStackName). */
  services: Record<string, Template>;
  appTemplate: Template;
  /** The dashboard's stack (src/render/dashboard.ts), deployed after the service stacks. */
  dashboard: Template;
  /** A preview's: the shared base stack `<app>-previews` (src/render/preview-base.ts). */
  previewBase?: Template;
  taskDefinitions: Record<string, RegisterTaskDefinitionRequest>;
  serviceDefinitions: Record<string, ServiceDefinition>;
}

export type RenderResult = { ok: true; rendered: Rendered } | { ok: false; problems: Problem[] };

/** Every stack's template: what `berth render` prints, without the definitions or the app stack. */
export type RenderedTemplates = Pick<Rendered, "template" | "services" | "dashboard" | "previewBase">;

export type TemplatesResult = { ok: true; rendered: RenderedTemplates } | { ok: false; problems: Problem[] };

export interface RenderOptions {
  /** Listener weights read back from the live service stacks, so an update keeps production where ECS put it. */
  traffic?: LiveTraffic;
  /** Rendered just before `berth destroy`, so the environment stack's deletion keeps or drops data as asked. */
  teardown?: Teardown;
}

/** The stacks' templates alone: printing them needs none of the rest of renderApplication's work. */
export function renderTemplates(m: Manifest): TemplatesResult {
  const stacks = renderStacks(m);
  if (!stacks.ok) return stacks;
  const { environment: template, services, dashboard, previewBase } = stacks.stacks;
  return { ok: true, rendered: { template, services, dashboard, ...(previewBase ? { previewBase } : {}) } };
}

export function renderApplication(m: Manifest, options: RenderOptions = {}): RenderResult {
  const stacks = renderStacks(m, options.traffic, options.teardown);
  if (!stacks.ok) return stacks;
  const network = networkRefs(m);
  const taskDefinitions: Rendered["taskDefinitions"] = {};
  const serviceDefinitions: Rendered["serviceDefinitions"] = {};
  for (const service of Object.values(m.services)) {
    taskDefinitions[service.name] = renderTaskDefinition(m, service);
    serviceDefinitions[service.name] = renderServiceDefinition(m, service, network);
  }
  const appTemplate = renderAppStack(m);
  const { environment: template, services, dashboard, previewBase } = stacks.stacks;
  const base = previewBase ? { previewBase } : {};
  return {
    ok: true,
    rendered: { template, services, appTemplate, dashboard, taskDefinitions, serviceDefinitions, ...base },
  };
}
