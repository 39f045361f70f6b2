import availabilityZone from "../../templates/availability-zone.yml";
import flowLogs from "../../templates/flow-logs.yml";
import natGateway from "../../templates/nat-gateway.yml";
import network from "../../templates/network.yml";
import privateRoute from "../../templates/private-route.yml";
import s3Endpoint from "../../templates/s3-endpoint.yml";
import type { Manifest } from "../manifest/types.js";
import { ref, type TemplateBuilder } from "./template.js";

/** How the rest of the stack refers to the network, whether berth created it or not. */
export interface NetworkRefs {
  vpcId: unknown;
  publicSubnets: unknown[];
  privateSubnets: unknown[];
  /** Where tasks run: private subnets behind NAT, or public subnets with public IPs when there is no NAT. */
  taskSubnets: unknown[];
  assignPublicIp: boolean;
}

export function networkRefs(m: Manifest): NetworkRefs {
  const { vpc, publicSubnets, privateSubnets, nat, azs } = m.network;
  if (vpc !== "new")
    return { vpcId: vpc, publicSubnets, privateSubnets, taskSubnets: privateSubnets, assignPublicIp: false };
  const zones = zoneNumbers(azs);
  const publicRefs = zones.map((n) => ref(`PublicSubnet${n}`));
  const privateRefs = zones.map((n) => ref(`PrivateSubnet${n}`));
  const hasNat = nat !== "none";
  return {
    vpcId: ref("Vpc"),
    publicSubnets: publicRefs,
    privateSubnets: privateRefs,
    taskSubnets: hasNat ? privateRefs : publicRefs,
    assignPublicIp: !hasNat,
  };
}

/** How long VPC flow logs are kept (network.flowLogs, docs/manifest.md). */
export const FLOW_LOG_DAYS = 90;

export function renderNetwork(m: Manifest, stack: string, t: TemplateBuilder): NetworkRefs {
  const refs = networkRefs(m);
  if (m.network.vpc === "new") addVpc(m, stack, t);
  else t.output("VpcId", refs.vpcId);
  refs.taskSubnets.forEach((subnet, i) => t.output(`TaskSubnet${i + 1}`, subnet));
  if (m.network.flowLogs) t.add(flowLogs, { stackName: stack, vpcId: refs.vpcId, days: FLOW_LOG_DAYS });
  return refs;
}

function addVpc(m: Manifest, stack: string, t: TemplateBuilder): void {
  t.add(network, { stackName: stack });
  const zones = zoneNumbers(m.network.azs);
  for (const n of zones) {
    // /20s leave room: public 10.0.0.0–10.0.47.255, private from 10.0.128.0.
    t.add(availabilityZone, {
      n,
      azIndex: n - 1,
      stackName: stack,
      publicCidr: `10.0.${(n - 1) * 16}.0/20`,
      privateCidr: `10.0.${128 + (n - 1) * 16}.0/20`,
    });
  }
  // Without NAT, tasks run in the public subnets: the endpoint goes where they are.
  const taskRouteTables =
    m.network.nat === "none" ? [ref("PublicRouteTable")] : zones.map((n) => ref(`PrivateRouteTable${n}`));
  t.add(s3Endpoint, { routeTables: taskRouteTables });
  const natZones = m.network.nat === "per-az" ? zones : m.network.nat === "single" ? [1] : [];
  for (const n of natZones) t.add(natGateway, { n, stackName: stack });
  if (natZones.length === 0) return;
  for (const n of zones) t.add(privateRoute, { n, nat: natZones.includes(n) ? n : 1 });
}

function zoneNumbers(azs: number): number[] {
  return Array.from({ length: azs }, (_, i) => i + 1);
}
