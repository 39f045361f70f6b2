import type { Template } from "../render/template.js";
import { renderedCostInput, type CostInput } from "./environment-resources.js";

type RenderedEnvironment = Parameters<typeof renderedCostInput>[0];

/** What is deployed, as far as one GetTemplate and one ListStacks tell. */
export interface Deployed {
  /** The environment stack's template; undefined when the stack does not exist yet. */
  environment?: Template;
  /** The services whose service stack exists. */
  services: string[];
  /** Whether the dashboard's stack exists (src/render/dashboard.ts). */
  dashboard?: boolean;
}

/**
 * What is deployed, as the estimate reads it: the live environment stack's template (the
 * network, load balancers, NAT gateways, database, data) and the services whose stacks exist,
 * each as the manifest renders it: its stack (alarms), task and service definitions. A change
 * of a task's size or count, or of a service's alarms, is priced as unchanged — one read, not
 * one per service (docs/architecture.md, "Cost"). Undefined for an environment not yet created.
 */
export function deployedCostInput(rendered: RenderedEnvironment, deployed: Deployed): CostInput | undefined {
  if (!deployed.environment) return undefined;
  const services = deployed.services.filter((s) => s in rendered.serviceDefinitions);
  const pick = <T>(all: Record<string, T>) => Object.fromEntries(services.map((s) => [s, all[s]!]));
  const { dashboard, ...stacks } = rendered;
  return renderedCostInput({
    ...stacks,
    ...(deployed.dashboard && dashboard ? { dashboard } : {}),
    template: deployed.environment,
    services: pick(rendered.services),
    taskDefinitions: pick(rendered.taskDefinitions),
    serviceDefinitions: pick(rendered.serviceDefinitions),
  });
}
