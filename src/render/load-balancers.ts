import httpsListener from "../../templates/https-listener.yml";
import loadBalancer from "../../templates/load-balancer.yml";
import shared from "../../templates/load-balancer-shared.yml";
import { loadBalancerIds, MAIN_LOAD_BALANCER } from "../manifest/names.js";
import { PRODUCTION } from "../manifest/normalize.js";
import type { Manifest } from "../manifest/types.js";
import { ACCESS_LOG_ATTRIBUTES, hasAccessLogsBucket, renderAccessLogs } from "./access-logs.js";
import type { Teardown } from "./teardown.js";
import type { NetworkRefs } from "./network.js";
import { TEST_HEADER_SECRET_NAME } from "./routing.js";
import type { TemplateBuilder } from "./template.js";
import { renderWaf } from "./waf.js";

/** The load balancers web services name, main first, then in the order services first name them. */
export function loadBalancersInUse(m: Manifest): string[] {
  const names = new Set<string>();
  for (const s of Object.values(m.services)) if (s.http) names.add(s.http.loadBalancer);
  return [...names].sort((a, b) => Number(b === MAIN_LOAD_BALANCER) - Number(a === MAIN_LOAD_BALANCER));
}

/**
 * Every load balancer a web service is on, each with its security group, listeners and
 * outputs; one test-header secret and one infrastructure role for them all, and one access
 * log bucket (ELB writes each load balancer's logs under its own id:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
 */
export function renderLoadBalancers(
  m: Manifest,
  stack: string,
  network: NetworkRefs,
  t: TemplateBuilder,
  teardown: Teardown | undefined,
): void {
  const names = loadBalancersInUse(m);
  if (names.length === 0) return;
  const logs = hasAccessLogsBucket(m, names.length);
  if (logs) renderAccessLogs(teardown === "delete-data" ? "Delete" : "Retain", t);
  t.add(shared, { stackName: stack, testHeaderSecretName: TEST_HEADER_SECRET_NAME });
  for (const name of names) {
    const Lb = loadBalancerIds(name).prefix;
    t.add(loadBalancer, {
      Lb,
      // The main one's description is what it always was: a new one would replace its security group.
      description: name === MAIN_LOAD_BALANCER ? `${stack} load balancer` : `${stack} load balancer ${name}`,
      vpcId: network.vpcId,
      publicSubnets: network.publicSubnets,
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
    if (m.certificate) t.add(httpsListener, { Lb, certificate: m.certificate });
  }
  if (m.waf) renderWaf(stack, names, t);
}
