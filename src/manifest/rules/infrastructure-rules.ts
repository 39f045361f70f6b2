import type { RawManifest } from "../raw.js";
import type { RuleContext } from "./context.js";

export function checkNetwork(m: RawManifest, ctx: RuleContext): void {
  const network = m.network;
  if (!network) return;
  const existing = network.vpc !== undefined && network.vpc !== "new";
  if (existing) {
    for (const key of ["publicSubnets", "privateSubnets"] as const) {
      const subnets = network[key] ?? [];
      if (subnets.length < 2) {
        ctx.report(`network.${key}`, `an existing VPC needs at least 2 ${key} in different availability zones`, `list them: ${key}: [subnet-…, subnet-…]`);
      }
    }
    if (network.nat !== undefined) ctx.report("network.nat", "nat applies only to a new VPC", "remove nat: an existing VPC keeps its own routing");
    if (network.azs !== undefined) ctx.report("network.azs", "azs applies only to a new VPC", "remove azs: the subnets you list decide the zones");
  } else {
    for (const key of ["publicSubnets", "privateSubnets"] as const) {
      if (network[key] !== undefined && network[key].length > 0) {
        ctx.report(`network.${key}`, `subnets can be listed only with an existing VPC`, "set vpc: vpc-… to use these subnets, or remove them to let berth create the network");
      }
    }
  }
}

export function checkDatabase(m: RawManifest, ctx: RuleContext): void {
  const capacity = m.database?.capacity;
  if (capacity?.min !== undefined && capacity.max !== undefined && capacity.min > capacity.max) {
    ctx.report("database.capacity.min", `min (${capacity.min}) is above max (${capacity.max})`, "make min at most max");
  }
}
