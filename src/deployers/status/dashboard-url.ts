import { dashboardName } from "../../render/dashboard.js";

// The console's host in each partition (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html).
const CONSOLE_HOSTS: Record<string, (region: string) => string> = {
  aws: (region) => `${region}.console.aws.amazon.com`,
  "aws-cn": () => "console.amazonaws.cn",
  "aws-us-gov": () => "console.amazonaws-us-gov.com",
};

/**
 * The console address of the environment's CloudWatch dashboard (src/render/dashboard.ts),
 * from the cluster's ARN (an environment stack output), which names the partition and
 * Region, so `berth status` needs no further read. Undefined before the cluster exists.
 */
export function dashboardUrl(app: string, environment: string, clusterArn: string | undefined): string | undefined {
  const [, partition, , region] = clusterArn?.split(":") ?? [];
  const host = partition && region ? CONSOLE_HOSTS[partition]?.(region) : undefined;
  if (!host) return undefined;
  const name = encodeURIComponent(dashboardName(app, environment));
  return `https://${host}/cloudwatch/home?region=${region}#dashboards/dashboard/${name}`;
}
