import cluster from "../../templates/cluster.yml";
import type { Manifest } from "../manifest/types.js";
import { renderAlerts } from "./alerts.js";
import { renderCaches } from "./caches.js";
import { renderData, type Teardown } from "./data.js";
import { stackName } from "../manifest/names.js";
import { networkRefs, renderNetwork } from "./network.js";
import { renderLoadBalancers } from "./load-balancers.js";
import { routes, type LiveTraffic } from "./routing.js";
import { renderScheduleGroup, renderServiceSchedules } from "./schedules.js";
import { renderService } from "./services.js";
import { TemplateBuilder, type Template } from "./template.js";

/** The environment's shared infrastructure: no per-service resource (those are in service stacks). */
export function renderEnvironmentStack(m: Manifest, teardown?: Teardown): Template {
  const stack = stackName(m.app, m.environment);
  const t = new TemplateBuilder();
  const network = renderNetwork(m, stack, t);
  t.add(cluster, { stackName: stack, containerInsights: m.containerInsights ? "enabled" : "disabled" });
  renderAlerts(m, stack, t);
  renderLoadBalancers(m, stack, network, t, teardown);
  renderData(m, stack, network, t, teardown);
  renderCaches(m, stack, network, t);
  renderScheduleGroup(m, stack, t);
  return t.build(`berth: ${m.app} ${m.environment} environment. Generated from berth.yml; edit that, not this.`);
}

/** One template per service: what `renderService` adds, before it is parameterized (src/render/service-stack.ts). */
export function renderServiceTemplates(m: Manifest, traffic: LiveTraffic = {}): Record<string, Template> {
  const stack = stackName(m.app, m.environment);
  const context = {
    manifest: m,
    stack,
    network: networkRefs(m),
    routes: routes(m),
    traffic,
  };
  const templates: Record<string, Template> = {};
  for (const service of Object.values(m.services)) {
    const t = new TemplateBuilder();
    renderService(service, context, t);
    renderServiceSchedules(m, service, stack, context.network, t);
    templates[service.name] = t.build(
      `berth: ${m.app} ${m.environment} service ${service.name}. Generated from berth.yml; edit that, not this.`,
    );
  }
  return templates;
}
