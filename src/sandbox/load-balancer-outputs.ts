import type { AwsRequest } from "./aws-request.js";
import type { SandboxLoadBalancers } from "./load-balancer.js";

// moto names a load balancer NAME-1.REGION.elb.amazonaws.com, a name that resolves nowhere.
const DNS_OUTPUT = /<OutputValue>([^<]+\.elb\.amazonaws\.com)<\/OutputValue>/g;

/**
 * Stack outputs that name a load balancer's DNS name (LoadBalancerDns) read back as the
 * loopback address of the sandbox's server for that load balancer, so the environment's
 * URL and berth's smoke checks reach the simulated service.
 */
export function loadBalancerOutputs(loadBalancers: SandboxLoadBalancers) {
  return async (request: AwsRequest, xml: string): Promise<string> => {
    if (request.protocol !== "query" || request.action !== "DescribeStacks") return xml;
    const names = [...new Set([...xml.matchAll(DNS_OUTPUT)].map((m) => m[1] ?? ""))];
    if (names.length === 0) return xml;
    const addresses = new Map(
      await Promise.all(names.map(async (name) => [name, await loadBalancers.addressFor(name)] as const)),
    );
    return xml.replace(
      DNS_OUTPUT,
      (_whole, name: string) => `<OutputValue>${addresses.get(name) ?? name}</OutputValue>`,
    );
  };
}
