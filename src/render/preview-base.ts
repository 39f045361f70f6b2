import { loadBalancerIds } from "../manifest/names.js";
import type { Manifest } from "../manifest/types.js";
import { dataPolicies, renderDatabaseCluster } from "./data.js";
import { loadBalancersInUse, renderLoadBalancers } from "./load-balancers.js";
import { renderNetwork } from "./network.js";
import { onPreviewDomain } from "./preview-routing.js";
import { parameterizeStack } from "./service-stack.js";
import { PREVIEWS_BASE_ENVIRONMENT, previewBaseStackName, previewNumber } from "./preview-names.js";
import { TemplateBuilder, type Template } from "./template.js";

/**
 * The shared preview base (docs/architecture.md, "Previews"): one stack `<app>-previews`
 * holds what every preview of the app shares — the VPC (no NAT unless the preview section
 * asks for one), the load balancers, and the database cluster — and each preview's
 * environment stack holds only its own resources, receiving the base's as template
 * parameters, the way a service stack receives the environment's
 * (src/render/service-stack.ts). Rendered from the manifest of the preview being deployed,
 * with the environment `previews`, so every preview renders the same base.
 */

/** The shared cluster pauses (0 ACU, billed for storage alone) after five idle minutes, the shortest AWS allows. */
export const PREVIEW_DATABASE_PAUSE_SECONDS = 300;

/**
 * Without a domain, each preview has a listener of its own on the shared load balancer, on
 * port 10000 + its number: its URL works at the load balancer's DNS name with no DNS record
 * and no path prefix the application would have to serve under, and its rules can never
 * collide with another preview's. Listener ports go up to 65535.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html
 */
export const PREVIEW_PORT_BASE = 10_000;
export const MAX_LISTENER_PORT = 65_535;

export function previewListenerPort(m: Manifest): number {
  return PREVIEW_PORT_BASE + previewNumber(m);
}

export interface PreviewStacks {
  /** The base stack `<app>-previews`, with an output for every parameter the preview's stack declares. */
  base: Template;
  /** The preview's environment stack: its own resources, the base's as parameters. */
  environment: Template;
}

/** The base's resources, rendered for the environment `previews`. */
function renderBaseResources(m: Manifest): Template {
  const base: Manifest = { ...m, environment: PREVIEWS_BASE_ENVIRONMENT };
  const stack = previewBaseStackName(m.app);
  const t = new TemplateBuilder();
  const network = renderNetwork(base, stack, t);
  renderLoadBalancers(base, stack, network, t, undefined);
  if (m.database && !m.database.existing)
    renderDatabaseCluster(base, m.database, stack, network, t, dataPolicies(true), PREVIEW_DATABASE_PAUSE_SECONDS);
  return t.build(
    `berth: ${m.app} previews base (the network, load balancers and database cluster every preview shares). Generated from berth.yml; edit that, not this.`,
  );
}

/**
 * Splits a preview's whole environment stack (rendered as if it were on its own) into the
 * base and what is the preview's own. Without a domain the listeners stay the preview's:
 * each has its own (previewListenerPort), whose rules are its services', over HTTP (a
 * certificate cannot match the load balancer's own name: rules/preview-rules.ts refuses one). With
 * `environments.preview.domain` the base keeps the listeners, and the preview's rules on
 * them match its host (src/render/preview-routing.ts).
 */
export function splitPreviewStack(m: Manifest, whole: Template): PreviewStacks {
  const baseTemplate = renderBaseResources(m);
  const ownListeners = !onPreviewDomain(m);
  const listeners = new Set(
    loadBalancersInUse(m).flatMap((name) => {
      const ids = loadBalancerIds(name);
      return ownListeners ? [ids.httpListener, ids.httpsListener] : [];
    }),
  );
  const shared = new Set(Object.keys(baseTemplate.Resources).filter((id) => !listeners.has(id)));
  const own: Record<string, unknown> = {};
  for (const [id, resource] of Object.entries(whole.Resources)) {
    if (shared.has(id)) continue;
    own[id] = listeners.has(id) ? previewListener(m, resource) : resource;
  }
  const outputs = { ...whole.Outputs };
  if (ownListeners) for (const name of loadBalancersInUse(m)) addPreviewUrl(m, name, outputs);
  const { template, environmentOutputs } = parameterizeStack({ ...whole, Resources: own, Outputs: outputs });
  const baseOutputs = Object.fromEntries(Object.entries(environmentOutputs).map(([k, v]) => [k, { Value: v }]));
  return {
    base: {
      ...baseTemplate,
      Resources: { ...withoutListeners(baseTemplate, listeners), ...(ownListeners ? previewPortIngress(m) : {}) },
      Outputs: baseOutputs,
    },
    environment: { ...template, Description: whole.Description },
  };
}

/** Without a domain the base keeps no listener: an ALB with none answers nothing, and previews bring their own. */
function withoutListeners(base: Template, listeners: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(base.Resources).filter(([id]) => !listeners.has(id)));
}

/** The listener as the environment renders it, on the preview's port. */
function previewListener(m: Manifest, resource: unknown): unknown {
  const listener = resource as { Properties: Record<string, unknown> };
  return { ...listener, Properties: { ...listener.Properties, Port: previewListenerPort(m) } };
}

/** The preview's URL: the load balancer's DNS name with the preview's port. */
function addPreviewUrl(m: Manifest, name: string, outputs: Record<string, { Value: unknown }>): void {
  const ids = loadBalancerIds(name);
  outputs[ids.dnsOutput] = {
    Value: {
      "Fn::Sub": [`\${Dns}:${previewListenerPort(m)}`, { Dns: { "Fn::GetAtt": [ids.loadBalancer, "DNSName"] } }],
    },
  };
}

/**
 * Each load balancer's group admits every preview port at once, from the base: one rule
 * pair however many previews there are (a group holds 60 rules), and nothing a preview's
 * stack has to add to a group it does not own. A port with no listener answers nothing.
 */
function previewPortIngress(m: Manifest): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  for (const name of loadBalancersInUse(m)) {
    const ids = loadBalancerIds(name);
    const range = { IpProtocol: "tcp", FromPort: PREVIEW_PORT_BASE + 1, ToPort: MAX_LISTENER_PORT };
    const groupId = { "Fn::GetAtt": [ids.securityGroup, "GroupId"] };
    const description = "Previews: each has a listener on 10000 + its number";
    resources[`${ids.prefix}PreviewPortsIngress`] = {
      Type: "AWS::EC2::SecurityGroupIngress",
      Properties: { GroupId: groupId, ...range, CidrIp: "0.0.0.0/0", Description: description },
    };
    resources[`${ids.prefix}PreviewPortsIngressIpv6`] = {
      Type: "AWS::EC2::SecurityGroupIngress",
      Properties: { GroupId: groupId, ...range, CidrIpv6: "::/0", Description: description },
    };
  }
  return resources;
}
