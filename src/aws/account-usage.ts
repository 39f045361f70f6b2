import type { AccountPort } from "../deployers/account-quotas/account-port.js";
import { ACCOUNT_QUOTAS, COUNTED_TYPES, noCounts } from "../deployers/account-quotas/account-quotas.js";
import { settleBounded, STACKS_AT_ONCE } from "../deployers/service-stacks/bounded.js";
import { lazyClient, lazyElb } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/**
 * The account's Regional usage and quotas for pre-flight. Load balancers and their quota come
 * from Elastic Load Balancing itself (DescribeLoadBalancers, DescribeAccountLimits). VPCs,
 * internet gateways, Elastic IPs, NAT gateways and DB clusters are counted in the Region's
 * CloudFormation stacks (every stack, not only berth's; service stacks hold none), plus the
 * default VPC and its internet gateway that AWS creates in every Region: berth carries no EC2
 * or RDS client, so what was made outside CloudFormation is not seen. Their quotas are AWS's
 * defaults unless BERTH_ACCOUNT_QUOTAS names the account's (`L-F678F1CE=20,L-0263D0A3=10`),
 * as berth carries no Service Quotas client either.
 */
export function accountPort(settings: AwsSettings, env: NodeJS.ProcessEnv = process.env): AccountPort {
  const config = clientConfig(settings);
  const elb = lazyElb(config);
  const cfn = lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-cloudformation");
    return { sdk, client: new sdk.CloudFormationClient(config) };
  });

  async function loadBalancers(): Promise<number> {
    const { sdk, client } = await elb();
    let count = 0;
    let Marker: string | undefined;
    do {
      const page = await client.send(new sdk.DescribeLoadBalancersCommand({ ...(Marker ? { Marker } : {}) }));
      count += (page.LoadBalancers ?? []).filter((lb) => lb.Type === "application").length;
      Marker = page.NextMarker;
    } while (Marker);
    return count;
  }

  async function stackNames(): Promise<string[]> {
    const { sdk, client } = await cfn();
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new sdk.DescribeStacksCommand({ ...(NextToken ? { NextToken } : {}) }));
      for (const stack of page.Stacks ?? [])
        if (!stack.Tags?.some((t) => t.Key === "berth:service") && stack.StackName) names.push(stack.StackName);
      NextToken = page.NextToken;
    } while (NextToken);
    return names;
  }

  async function stackTypes(StackName: string): Promise<string[]> {
    const { sdk, client } = await cfn();
    const types: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListStackResourcesCommand({ StackName, ...(NextToken ? { NextToken } : {}) }),
      );
      for (const r of page.StackResourceSummaries ?? [])
        if (r.ResourceStatus !== "DELETE_COMPLETE" && r.ResourceType) types.push(r.ResourceType);
      NextToken = page.NextToken;
    } while (NextToken);
    return types;
  }

  return {
    async usage() {
      const counts = noCounts();
      // The default VPC and its internet gateway.
      counts.vpcs = 1;
      counts.internetGateways = 1;
      const [names, albs] = await Promise.all([stackNames(), loadBalancers()]);
      const listed = await settleBounded(names, STACKS_AT_ONCE, stackTypes);
      for (const result of listed) {
        // A stack deleted between the two reads holds nothing any more.
        if (result.status === "rejected") continue;
        for (const type of result.value) {
          const counted = COUNTED_TYPES[type];
          if (counted && counted !== "loadBalancers") counts[counted] += 1;
        }
      }
      counts.loadBalancers = albs;
      return { counts, how: "counted in the Region's CloudFormation stacks, with the default VPC" };
    },
    async limits() {
      const { sdk, client } = await elb();
      const answer = await client.send(new sdk.DescribeAccountLimitsCommand({}));
      const max = answer.Limits?.find((l) => l.Name === "application-load-balancers")?.Max;
      return { ...(max ? { loadBalancers: Number(max) } : {}), ...declaredQuotas(env.BERTH_ACCOUNT_QUOTAS) };
    },
  };
}

/** `L-F678F1CE=20,L-0263D0A3=10`: the account's raised quotas, by Service Quotas code. */
export function declaredQuotas(text: string | undefined): Partial<Record<keyof typeof ACCOUNT_QUOTAS, number>> {
  const declared: Partial<Record<keyof typeof ACCOUNT_QUOTAS, number>> = {};
  for (const pair of (text ?? "").split(",")) {
    const [code, value] = pair.split("=").map((s) => s.trim());
    const resource = Object.entries(ACCOUNT_QUOTAS).find(([, q]) => q.code === code)?.[0];
    if (resource && Number.isInteger(Number(value)) && Number(value) > 0)
      declared[resource as keyof typeof ACCOUNT_QUOTAS] = Number(value);
  }
  return declared;
}
