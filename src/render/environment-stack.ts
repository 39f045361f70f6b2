import cluster from "../../templates/cluster.yml";
import httpsListener from "../../templates/https-listener.yml";
import loadBalancer from "../../templates/load-balancer.yml";
import { PRODUCTION } from "../manifest/normalize.js";
import type { Manifest } from "../manifest/types.js";
import { ACCESS_LOG_ATTRIBUTES, renderAccessLogs } from "./access-logs.js";
import { renderAlerts } from "./alerts.js";
import { renderData, type Teardown } from "./data.js";
import { stackName } from "../manifest/names.js";
import { renderNetwork } from "./network.js";
import { routes, TEST_HEADER_SECRET_NAME, type LiveTraffic } from "./routing.js";
import { renderService } from "./services.js";
import { TemplateBuilder, type Template } from "./template.js";

/** The environment's infrastructure: everything but task definitions and services. */
export function renderEnvironmentStack(m: Manifest, traffic?: LiveTraffic, teardown?: Teardown): Template {
  return buildEnvironmentStack(m, traffic, teardown).template;
}

type BuiltStack = { template: Template; owners: Map<string, string> };
// `render` checks quotas on the stack (src/render/quotas.ts) and then prints it: one build of a
// fresh stack (no live weights, no teardown) serves both. Callers never mutate it (overrides clone).
const freshStacks = new WeakMap<Manifest, BuiltStack>();

/** The environment stack with the service that added each of its resources and outputs (`resource:Id`, `output:Id`). */
export function buildEnvironmentStack(m: Manifest, traffic?: LiveTraffic, teardown?: Teardown): BuiltStack {
  if (traffic !== undefined || teardown !== undefined) return buildStack(m, traffic ?? {}, teardown);
  const cached = freshStacks.get(m);
  if (cached) return cached;
  const built = buildStack(m, {}, undefined);
  freshStacks.set(m, built);
  return built;
}

function buildStack(m: Manifest, traffic: LiveTraffic, teardown: Teardown | undefined): BuiltStack {
  const stack = stackName(m.app, m.environment);
  const t = new TemplateBuilder();
  const network = renderNetwork(m, stack, t);
  const scalesOnBacklog = Object.values(m.services).some(
    (s) => s.count.backlogPerTask !== undefined || s.count.requests !== undefined,
  );
  t.add(cluster, { stackName: stack, containerInsights: scalesOnBacklog ? "enabled" : "disabled" });
  renderAlerts(m, stack, t);
  const webRoutes = routes(m);
  if (webRoutes.length > 0) {
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
  const context = {
    manifest: m,
    stack,
    network,
    routes: webRoutes,
    listener: m.certificate ? "HttpsListener" : "HttpListener",
    traffic,
  };
  for (const service of Object.values(m.services)) t.forService(service.name, () => renderService(service, context, t));
  const template = t.build(
    `berth: ${m.app} ${m.environment} environment. Generated from berth.yml; edit that, not this.`,
  );
  return { template, owners: t.owners };
}
