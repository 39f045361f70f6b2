import type { Manifest } from "../../manifest/types.js";
import { loadBalancersInUse } from "../../render/load-balancers.js";
import type { Rendered } from "../../render/render.js";

/** One line of an estimate: what, and what it costs a month. */
export interface CostItem {
  item: string;
  perMonth: number;
}

/** What an environment costs a month at least while it exists, and what the figure rests on. */
export interface MonthlyEstimate {
  perMonth: number;
  items: CostItem[];
  basis: string;
}

/**
 * How berth prices an environment. This one is the fixed floor of the README's table
 * (README, "Preview environments"); a cost estimate with regional prices replaces it by
 * implementing the same signature.
 */
export type EstimateMonthly = (m: Manifest, rendered: Rendered) => MonthlyEstimate;

const HOURS_PER_MONTH = 730;
// us-east-1 on-demand list prices, as the README's table quotes them (November 2026).
const PRICES = {
  fargateVcpuHour: 0.04048,
  fargateGbHour: 0.004445,
  loadBalancerHour: 0.0225,
  publicIpv4Hour: 0.005,
  natGatewayHour: 0.045,
  alarmMonth: 0.1,
};

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The floor of the README's table: each service's minimum tasks on Fargate, each load
 * balancer with a public IPv4 address per Availability Zone, NAT gateways with their Elastic
 * IPs (or a public IPv4 address per task without them), and the alarms. Traffic, logs, the
 * database and Fargate Spot's discount are left out, as the table leaves them out.
 */
export const readmeFloor: EstimateMonthly = (m, rendered) => {
  const items: CostItem[] = [];
  const month = (perHour: number) => round(perHour * HOURS_PER_MONTH);
  let tasks = 0;
  for (const s of Object.values(m.services)) {
    const count = s.count.min;
    tasks += count;
    const perTask = (s.cpu / 1024) * PRICES.fargateVcpuHour + (s.memory / 1024) * PRICES.fargateGbHour;
    if (count > 0) items.push({ item: `${s.name}: ${count} Fargate task(s)`, perMonth: month(count * perTask) });
  }
  const balancers = loadBalancersInUse(m).length;
  if (balancers > 0) {
    items.push({ item: `${balancers} load balancer(s)`, perMonth: month(balancers * PRICES.loadBalancerHour) });
    const ips = balancers * m.network.azs;
    items.push({ item: `their ${ips} public IPv4 address(es)`, perMonth: month(ips * PRICES.publicIpv4Hour) });
  }
  const nats = m.network.vpc !== "new" || m.network.nat === "none" ? 0 : m.network.nat === "single" ? 1 : m.network.azs;
  if (nats > 0)
    items.push({
      item: `${nats} NAT gateway(s) and Elastic IP(s)`,
      perMonth: month(nats * (PRICES.natGatewayHour + PRICES.publicIpv4Hour)),
    });
  else if (tasks > 0)
    items.push({ item: `${tasks} task public IPv4 address(es)`, perMonth: month(tasks * PRICES.publicIpv4Hour) });
  const alarms = [rendered.template, ...Object.values(rendered.services)].reduce(
    (n, t) =>
      n +
      Object.values(t.Resources ?? {}).filter((r) => (r as { Type?: string }).Type === "AWS::CloudWatch::Alarm").length,
    0,
  );
  if (alarms > 0) items.push({ item: `${alarms} CloudWatch alarm(s)`, perMonth: round(alarms * PRICES.alarmMonth) });
  return {
    perMonth: round(items.reduce((sum, i) => sum + i.perMonth, 0)),
    items,
    basis: "us-east-1 on-demand list prices, idle; traffic, logs and the database on top",
  };
};
