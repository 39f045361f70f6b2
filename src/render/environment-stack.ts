import cluster from "../../templates/cluster.yml";
import httpsListener from "../../templates/https-listener.yml";
import loadBalancer from "../../templates/load-balancer.yml";
import { PRODUCTION } from "../manifest/normalize.js";
import type { Manifest } from "../manifest/types.js";
import { ACCESS_LOG_ATTRIBUTES, renderAccessLogs } from "./access-logs.js";
import { renderAlerts } from "./alerts.js";
import { renderData, type Teardown } from "./data.js";
import { stackName } from "../manifest/names.js";
import { networkRefs, renderNetwork } from "./network.js";
import { routes, TEST_HEADER_SECRET_NAME, type LiveTraffic } from "./routing.js";
import { renderService } from "./services.js";
import { TemplateBuilder, type Template } from "./template.js";

/** The environment's shared infrastructure: no per-service resource (those are in service stacks). */
export function renderEnvironmentStack(m: Manifest, teardown?: Teardown): Template {
  const stack = stackName(m.app, m.environment);
  const t = new TemplateBuilder();
  const network = renderNetwork(m, stack, t);
  const scalesOnBacklog = Object.values(m.services).some(
    (s) => s.count.backlogPerTask !== undefined || s.count.requests !== undefined,
  );
  t.add(cluster, { stackName: stack, containerInsights: scalesOnBacklog ? "enabled" : "disabled" });
  renderAlerts(m, stack, t);
  if (Object.values(m.services).some((s) => s.http)) {
    const logs = m.accessLogs && m.region !== undefined;
    if (logs) renderAccessLogs(m.region!, teardown === "delete-data" ? "Delete" : "Retain", t);
    t.add(loadBalancer, {
      stackName: stack,
      vpcId: network.vpcId,
      publicSubnets: network.publicSubnets,
      testHeaderSecretName: TEST_HEADER_SECRET_NAME,
      attributes: [
        { Key: "routing.http.drop_invalid_header_fields.enabled", Value: "true" },
        { Key: "idle_timeout.timeout_seconds", Value: "60" },
        { Key: "deletion_protection.enabled", Value: String(m.environment === PRODUCTION && teardown === undefined) },
        ...(logs ? ACCESS_LOG_ATTRIBUTES : []),
      ],
      dependsOn: logs ? "AccessLogsBucketPolicy" : undefined,
      httpDefaultActions: m.certificate
        ? [{ Type: "redirect", RedirectConfig: { Protocol: "HTTPS", Port: "443", StatusCode: "HTTP_301" } }]
        : [
            {
              Type: "fixed-response",
              FixedResponseConfig: { StatusCode: "404", ContentType: "text/plain", MessageBody: "no service here" },
            },
          ],
    });
    if (m.certificate) t.add(httpsListener, { certificate: m.certificate });
  }
  renderData(m, stack, network, t, teardown);
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
    listener: m.certificate ? "HttpsListener" : "HttpListener",
    traffic,
  };
  const templates: Record<string, Template> = {};
  for (const service of Object.values(m.services)) {
    const t = new TemplateBuilder();
    renderService(service, context, t);
    templates[service.name] = t.build(
      `berth: ${m.app} ${m.environment} service ${service.name}. Generated from berth.yml; edit that, not this.`,
    );
  }
  return templates;
}
