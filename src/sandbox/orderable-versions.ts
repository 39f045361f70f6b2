import { knownVersions } from "../manifest/aurora-versions.js";
import type { AwsRequest } from "./aws-request.js";
import type { ProxyReply } from "./proxy-reply.js";

const ENGINES = ["aurora-postgresql", "aurora-mysql"] as const;

/**
 * moto 5.2.1 answers DescribeOrderableDBInstanceOptions from a list that stops at Aurora
 * PostgreSQL 15.2 and has nothing for Aurora MySQL, so it would call berth's own default
 * versions unorderable. The sandbox answers for the versions berth knows (src/manifest/
 * aurora-versions.ts: current ones, each offered for db.serverless in AWS) as AWS does, one
 * Serverless v2 option, and leaves any other version to moto's list.
 */
export function standInOrderableVersions(request: AwsRequest): ProxyReply | undefined {
  if (request.protocol !== "query" || request.action !== "DescribeOrderableDBInstanceOptions") return undefined;
  const engine = ENGINES.find((e) => e === request.params.get("Engine"));
  const version = request.params.get("EngineVersion") ?? "";
  const instanceClass = request.params.get("DBInstanceClass") ?? "db.serverless";
  if (!engine || instanceClass !== "db.serverless" || !knownVersions(engine).includes(version)) return undefined;
  const option =
    `<OrderableDBInstanceOption><Engine>${engine}</Engine><EngineVersion>${version}</EngineVersion>` +
    `<DBInstanceClass>db.serverless</DBInstanceClass><StorageType>aurora</StorageType></OrderableDBInstanceOption>`;
  const body =
    `<DescribeOrderableDBInstanceOptionsResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">` +
    `<DescribeOrderableDBInstanceOptionsResult><OrderableDBInstanceOptions>${option}</OrderableDBInstanceOptions>` +
    `</DescribeOrderableDBInstanceOptionsResult><ResponseMetadata><RequestId>berth-sandbox</RequestId></ResponseMetadata>` +
    `</DescribeOrderableDBInstanceOptionsResponse>`;
  return { status: 200, headers: { "content-type": "text/xml" }, body };
}
