import type { Manifest } from "../manifest/types.js";
import type { ClusterFacts, ExistingDataPort, PreflightProblem, PreflightResult } from "./preflight-port.js";

export type { ClusterFacts, ExistingDataPort } from "./preflight-port.js";

/**
 * Existing data is there and is what the manifest says (docs/manifest.md, "Existing data"): the
 * cluster, its writer endpoint and the security group berth adds its rule to; each bucket. EFS
 * has no client in berth, so an existing file system is named as not checked, not guessed at.
 * The existing cluster's secret is checked with the services' secrets (preflight.ts).
 */
export async function preflightExistingData(
  m: Manifest,
  region: string,
  port: ExistingDataPort,
): Promise<PreflightResult> {
  const problems: PreflightProblem[] = [];
  const unchecked: string[] = [];
  const existing = m.database?.existing;
  const reads: Promise<void>[] = [];
  if (existing) {
    reads.push(
      port.databaseCluster(existing.cluster).then((found) => {
        const at = { path: "database.existing.cluster", reference: existing.cluster };
        if (found === "missing")
          problems.push({
            ...at,
            message: `the RDS cluster ${existing.cluster} does not exist in ${region}`,
            fix: `check the identifier (aws rds describe-db-clusters --region ${region} --query 'DBClusters[].DBClusterIdentifier'), or deploy to the cluster's region`,
          });
        else if (found === "denied")
          problems.push({
            ...at,
            message: `the RDS cluster ${existing.cluster} may not be described by this identity`,
            fix: "allow rds:DescribeDBClusters",
          });
        else if (typeof found === "object" && "unknown" in found)
          unchecked.push(`${existing.cluster}: ${found.unknown}`);
        else problems.push(...clusterMismatches(existing, found));
      }),
    );
  }
  for (const [name, bucket] of Object.entries(m.buckets)) {
    const existingBucket = bucket.existing;
    if (!existingBucket) continue;
    const path = `buckets.${name}.existing`;
    reads.push(
      port.bucketExists(existingBucket).then((found) => {
        if (found === "missing")
          problems.push({
            path,
            reference: existingBucket,
            message: `the S3 bucket ${existingBucket} does not exist`,
            fix: `check the name at ${path} (aws s3api list-buckets --query 'Buckets[].Name')`,
          });
        else if (found === "denied")
          problems.push({
            path,
            reference: existingBucket,
            message: `the S3 bucket ${existingBucket} may not be read by this identity, or is another account's`,
            fix: "allow s3:ListBucket on it, or check that the bucket is in this account",
          });
        else if (typeof found === "object") unchecked.push(`${existingBucket}: ${found.unknown}`);
      }),
    );
  }
  for (const [name, volume] of Object.entries(m.volumes))
    if (volume.existing)
      unchecked.push(
        `volume ${name} (${volume.existing.fileSystem}): berth has no EFS client; check its mount targets are in the environment's private subnets (aws efs describe-mount-targets --file-system-id ${volume.existing.fileSystem})`,
      );
  await Promise.all(reads);
  return { problems, unchecked };
}

function clusterMismatches(
  existing: NonNullable<NonNullable<Manifest["database"]>["existing"]>,
  found: ClusterFacts,
): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  if (found.endpoint !== existing.endpoint)
    problems.push({
      path: "database.existing.endpoint",
      reference: existing.endpoint,
      message: `the writer endpoint of cluster ${existing.cluster} is ${found.endpoint}`,
      fix: `set database.existing.endpoint: ${found.endpoint}`,
    });
  if (!found.securityGroups.includes(existing.securityGroup))
    problems.push({
      path: "database.existing.securityGroup",
      reference: existing.securityGroup,
      message: `${existing.securityGroup} is not a security group of cluster ${existing.cluster} (${found.securityGroups.join(", ") || "none"}): berth's inbound rule on it would not reach the cluster`,
      fix: `set database.existing.securityGroup to one of them${found.securityGroups[0] ? `, such as ${found.securityGroups[0]}` : ""}`,
    });
  return problems;
}
