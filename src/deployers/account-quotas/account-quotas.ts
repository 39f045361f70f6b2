import type { Template } from "../../render/template.js";
import type { PreflightProblem } from "../preflight.js";
import type { AccountCounts, AccountPort, AccountResource } from "./account-port.js";

interface Quota {
  name: string;
  /** Service Quotas' codes: https://docs.aws.amazon.com/servicequotas/latest/userguide/intro.html */
  serviceCode: string;
  code: string;
  /** AWS's documented default, used when the account's own value cannot be read. */
  default: number;
  /** What to change in berth.yml instead of asking AWS for more. */
  instead: string;
}

/**
 * The quotas a new environment can cross, with AWS's defaults: VPC quotas
 * (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html), Elastic IPs
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/elastic-ip-addresses-eip.html#using-instance-addressing-limit),
 * Application Load Balancers (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html),
 * Aurora (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/CHAP_Limits.html).
 */
export const ACCOUNT_QUOTAS: Record<AccountResource, Quota> = {
  vpcs: {
    name: "VPCs per Region",
    serviceCode: "vpc",
    code: "L-F678F1CE",
    default: 5,
    instead: "put this environment in an existing VPC (network: { vpc: vpc-…, publicSubnets, privateSubnets })",
  },
  internetGateways: {
    name: "Internet gateways per Region",
    serviceCode: "vpc",
    code: "L-A4707A72",
    default: 5,
    instead: "put this environment in an existing VPC (network: { vpc: vpc-… }); raising the VPC quota raises this one",
  },
  elasticIps: {
    name: "EC2-VPC Elastic IPs",
    serviceCode: "ec2",
    code: "L-0263D0A3",
    default: 5,
    instead: "run its tasks in public subnets without a NAT gateway (network: { nat: none }), as previews usually can",
  },
  natGateways: {
    name: "NAT gateways per Availability Zone",
    serviceCode: "vpc",
    code: "L-FE5A380F",
    default: 5,
    instead: "run its tasks in public subnets without a NAT gateway (network: { nat: none })",
  },
  loadBalancers: {
    name: "Application Load Balancers per Region",
    serviceCode: "elasticloadbalancing",
    code: "L-53DA6B97",
    default: 50,
    instead: "destroy an environment that is no longer used",
  },
  auroraClusters: {
    name: "DB clusters",
    serviceCode: "rds",
    code: "L-952B80B8",
    default: 40,
    instead: "destroy an environment that is no longer used",
  },
};

/** CloudFormation types that count against each quota. berth's load balancers are all Application Load Balancers. */
export const COUNTED_TYPES: Record<string, AccountResource> = {
  "AWS::EC2::VPC": "vpcs",
  "AWS::EC2::InternetGateway": "internetGateways",
  "AWS::EC2::EIP": "elasticIps",
  "AWS::EC2::NatGateway": "natGateways",
  "AWS::ElasticLoadBalancingV2::LoadBalancer": "loadBalancers",
  "AWS::RDS::DBCluster": "auroraClusters",
};

export function noCounts(): AccountCounts {
  return { vpcs: 0, internetGateways: 0, elasticIps: 0, natGateways: 0, loadBalancers: 0, auroraClusters: 0 };
}

/** What creating the environment stack adds to the account, read from its rendered template (overrides included). */
export function accountNeeds(template: Template): AccountCounts {
  const needs = noCounts();
  for (const resource of Object.values(template.Resources ?? {})) {
    const counted = COUNTED_TYPES[(resource as { Type?: string }).Type ?? ""];
    if (counted) needs[counted] += 1;
  }
  // berth puts one NAT gateway in an Availability Zone at most (the first for `nat: single`).
  needs.natGateways = Math.min(needs.natGateways, 1);
  return needs;
}

/**
 * Each quota the new environment would cross: its name and code, what is in use, what it
 * needs, and the fix. NAT gateways are counted as if all were in one Availability Zone, as
 * `nat: single` environments' are.
 */
export function quotaProblems(
  needs: AccountCounts,
  usage: { counts: AccountCounts; how: string },
  limits: Partial<AccountCounts>,
  region: string,
): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  for (const [resource, quota] of Object.entries(ACCOUNT_QUOTAS) as [AccountResource, Quota][]) {
    const need = needs[resource];
    const limit = limits[resource] ?? quota.default;
    const used = usage.counts[resource];
    if (need === 0 || used + need <= limit) continue;
    const source = limits[resource] === undefined ? "AWS's default" : "the account's";
    problems.push({
      about: "account quota",
      reference: `${quota.name} (${quota.code})`,
      message:
        `the environment needs ${need} more, and ${used} of ${limit} (${source}) are in use in ${region}` +
        ` (${usage.how})`,
      fix:
        `${quota.instead}; or ask AWS for more: Service Quotas, ${quota.serviceCode} ${quota.code}` +
        ` (https://console.aws.amazon.com/servicequotas/home/services/${quota.serviceCode}/quotas/${quota.code})`,
    });
  }
  return problems;
}

/** Pre-flight for a new environment: its stack would cross none of the account's Regional quotas. */
export async function checkAccountQuotas(
  template: Template,
  region: string,
  port: AccountPort,
): Promise<PreflightProblem[]> {
  const needs = accountNeeds(template);
  if (Object.values(needs).every((n) => n === 0)) return [];
  const [usage, limits] = await Promise.all([port.usage(), port.limits()]);
  return quotaProblems(needs, usage, limits, region);
}
