import type { AwsRequest } from "./aws-request.js";
import type { SandboxLoadBalancers } from "./load-balancer.js";

// moto names a load balancer NAME-1.REGION.elb.amazonaws.com, a name that resolves nowhere;
// a preview's output adds the port of its own listener (src/render/preview-base.ts). The
// previews' base hands its load balancer's name to each preview's stack as the parameter
// `<Lb>LoadBalancerDNSName` (its output of that name), which keeps the real name.
const DNS_OUTPUT =
  /(<OutputKey>([^<]*)<\/OutputKey>\s*)?<OutputValue>([^<]+\.elb\.amazonaws\.com(?::\d+)?)<\/OutputValue>/g;
const keepsName = (key: string | undefined) => key?.endsWith("DNSName") === true;

/**
 * Stack outputs that name a load balancer's DNS name (LoadBalancerDns) read back as the
 * loopback address of the sandbox's server for that load balancer (and listener port, when
 * the output names one), so the environment's URL and berth's smoke checks reach the
 * simulated service.
 */
export function loadBalancerOutputs(loadBalancers: SandboxLoadBalancers) {
  return async (request: AwsRequest, xml: string): Promise<string> => {
    if (request.protocol !== "query" || request.action !== "DescribeStacks") return xml;
    const names = new Set<string>();
    for (const [, , key, name] of xml.matchAll(DNS_OUTPUT)) if (!keepsName(key)) names.add(name!);
    if (names.size === 0) return xml;
    const addresses = new Map(
      await Promise.all([...names].map(async (name) => [name, await loadBalancers.addressFor(name)] as const)),
    );
    return xml.replace(DNS_OUTPUT, (whole, keyed: string | undefined, key: string | undefined, name: string) =>
      keepsName(key) ? whole : `${keyed ?? ""}<OutputValue>${addresses.get(name) ?? name}</OutputValue>`,
    );
  };
}
