import type { Manifest, Service } from "../manifest/types.js";
import { servingLoadBalancer, stackName } from "../manifest/names.js";
import { onPreviewDomain, previewHost } from "../render/preview-routing.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";

/**
 * Where an environment answers: its first web service's URL (serviceUrl). Undefined for an
 * environment with no web service.
 */
export function environmentUrl(m: Manifest, outputs: Record<string, string> | undefined): string | undefined {
  const web = Object.values(m.services).find((s) => s.http);
  return web ? serviceUrl(m, web, outputs) : undefined;
}

/** One address the environment answers at, and the web services behind it. */
export interface EnvironmentAddress {
  url: string;
  services: string[];
}

/**
 * Every distinct address of the environment's web services, grouped by host (as `berth status`
 * groups them): two load balancers, or services with hosts of their own, answer at several.
 * A group's URL is its first service's, so one host gives the same URL as environmentUrl.
 */
export function environmentAddresses(m: Manifest, outputs: Record<string, string> | undefined): EnvironmentAddress[] {
  const byHost = new Map<string, EnvironmentAddress>();
  for (const s of Object.values(m.services)) {
    const url = serviceUrl(m, s, outputs);
    if (!url) continue;
    const host = new URL(url).host;
    const address = byHost.get(host);
    if (address) address.services.push(s.name);
    else byHost.set(host, { url, services: [s.name] });
  }
  return [...byHost.values()];
}

/**
 * Where a web service answers: its host when it routes by host (the DNS name the team points
 * at the load balancer; a preview's own with `environments.preview.domain`), else the DNS name of the load balancer that serves it (the stack's
 * LoadBalancerDns output for the main one, `<Name>LoadBalancerDns` for another); https when
 * the manifest has a certificate. A path other than `/` is part of it.
 */
export function serviceUrl(m: Manifest, s: Service, outputs: Record<string, string> | undefined): string | undefined {
  const dns = outputs?.[servingLoadBalancer(s).dnsOutput];
  if (!dns || !s.http) return undefined;
  const scheme = m.certificate ? "https" : "http";
  const path = s.http.path && s.http.path !== "/" ? s.http.path.replace(/\/?\*$/, "") : "";
  const host = onPreviewDomain(m) ? previewHost(m, s) : s.http.host;
  return `${scheme}://${(host ?? dns).toLowerCase()}${path}`;
}

/** The URL from the environment stack's outputs: one DescribeStacks, on the caller's client. */
export async function readEnvironmentUrl(
  m: Manifest,
  cloudFormation: Pick<CloudFormationPort, "describeStack">,
): Promise<string | undefined> {
  return environmentUrl(m, (await cloudFormation.describeStack(stackName(m.app, m.environment)))?.outputs);
}

/** Every address from the environment stack's outputs: one DescribeStacks, on the caller's client. */
export async function readEnvironmentAddresses(
  m: Manifest,
  cloudFormation: Pick<CloudFormationPort, "describeStack">,
): Promise<EnvironmentAddress[]> {
  return environmentAddresses(m, (await cloudFormation.describeStack(stackName(m.app, m.environment)))?.outputs);
}
