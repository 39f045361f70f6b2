import type { Manifest, Service } from "../manifest/types.js";
import { logicalId } from "../manifest/names.js";
import { CACHE_PORT } from "./caches.js";
import { databasePort } from "./data.js";
import { usesDatabase } from "./iam.js";
import { getAtt } from "./template.js";

/**
 * The outbound rules of a service's own security group. `egress: https` keeps what a task
 * needs: 443 for images, AWS APIs and HTTPS services, the database's port to the database, 6379 to its caches and
 * NFS to the file systems it mounts. DNS, the task metadata endpoint and the VPC's own services
 * are not filtered by security groups
 * (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html).
 */
export function egressRules(m: Manifest, s: Service): unknown[] {
  if (s.egress === "all")
    return [{ IpProtocol: "-1", CidrIp: "0.0.0.0/0", Description: "Outbound: image pulls, AWS APIs, the database" }];
  const rules: unknown[] = [
    { IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIp: "0.0.0.0/0", Description: "HTTPS: images, AWS APIs" },
  ];
  if (usesDatabase(s) && m.database) {
    const port = databasePort(m.database);
    rules.push({
      IpProtocol: "tcp",
      FromPort: port,
      ToPort: port,
      DestinationSecurityGroupId: m.database.existing?.securityGroup ?? getAtt("DatabaseSecurityGroup", "GroupId"),
      Description: "The database",
    });
  }
  for (const volume of Object.keys(s.volumes)) {
    rules.push({
      IpProtocol: "tcp",
      FromPort: 2049,
      ToPort: 2049,
      DestinationSecurityGroupId:
        m.volumes[volume]?.existing?.securityGroup ?? getAtt(`${logicalId(volume)}FileSystemSecurityGroup`, "GroupId"),
      Description: `NFS to volume ${volume}`,
    });
  }
  for (const cache of s.uses.filter((used) => used in m.caches)) {
    rules.push({
      IpProtocol: "tcp",
      FromPort: CACHE_PORT,
      ToPort: CACHE_PORT,
      DestinationSecurityGroupId: getAtt(`${logicalId(cache)}CacheSecurityGroup`, "GroupId"),
      Description: `Cache ${cache}`,
    });
  }
  return rules;
}
