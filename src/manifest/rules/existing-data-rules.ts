import type { RawManifest } from "../raw.js";
import type { RuleContext } from "./context.js";

/** Keys that shape a cluster berth creates: an existing cluster is the team's, as it is. */
const CREATED_CLUSTER_KEYS = ["version", "capacity", "readers", "readerRole", "insights"] as const;

/**
 * Data that predates berth (docs/manifest.md, "Existing data"). berth reaches an existing
 * cluster or file system over the network only inside its VPC, so the environment must adopt
 * that VPC (network.vpc with its subnets): berth adds no peering and opens nothing to the internet.
 */
export function checkExistingData(m: RawManifest, ctx: RuleContext): void {
  const inExistingVpc = m.network?.vpc !== undefined && m.network.vpc !== "new";
  const vpcHint = (what: string) =>
    `set network.vpc to the VPC of ${what}, with its publicSubnets and privateSubnets (berth reaches it only from inside)`;
  const database = m.database;
  if (database?.existing) {
    for (const key of CREATED_CLUSTER_KEYS) {
      if (database[key] !== undefined)
        ctx.report(
          `database.${key}`,
          `${key} shapes a cluster berth creates; database.existing is a cluster berth leaves as it is`,
          `remove database.${key}, or remove database.existing to let berth create the cluster`,
        );
    }
    if (!inExistingVpc)
      ctx.report("database.existing", "an existing cluster needs the environment in its VPC", vpcHint("the cluster"));
  }
  for (const [name, bucket] of Object.entries(m.buckets ?? {})) {
    if (bucket.existing !== undefined && bucket.versioned !== undefined)
      ctx.report(
        `buckets.${name}.versioned`,
        "versioned sets up a bucket berth creates; an existing bucket keeps its own versioning",
        `remove buckets.${name}.versioned, or turn versioning on in the bucket itself`,
      );
  }
  for (const [name, volume] of Object.entries(m.volumes ?? {})) {
    const path = `volumes.${name}`;
    if (volume.existing !== undefined && volume.securityGroup === undefined)
      ctx.report(
        `${path}.existing`,
        "an existing file system needs the security group of its mount targets",
        `add ${path}.securityGroup: sg-… (aws efs describe-mount-target-security-groups --mount-target-id fsmt-…): berth adds an NFS rule to it from the services that mount ${name}`,
      );
    if (volume.existing === undefined && volume.securityGroup !== undefined)
      ctx.report(
        `${path}.securityGroup`,
        "securityGroup applies only to an existing file system",
        `remove it, or add ${path}.existing: fs-…`,
      );
    if (volume.existing !== undefined && !inExistingVpc)
      ctx.report(
        `${path}.existing`,
        "an existing file system needs the environment in its VPC",
        vpcHint("its mount targets"),
      );
  }
}
