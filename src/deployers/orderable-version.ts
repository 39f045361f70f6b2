import { DEFAULT_ENGINE_VERSIONS } from "../manifest/aurora-versions.js";
import type { Manifest } from "../manifest/types.js";
import type { PreflightPort, PreflightResult } from "./preflight.js";

/**
 * A new environment's database is created at the manifest's engine version, which RDS must
 * still offer in the Region for Aurora Serverless v2 instances (db.serverless): a minor
 * version leaves the list when its standard support ends — about twelve months for most,
 * at least three years for a long-term-support one
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.VersionPolicy.Support.html) —
 * and CloudFormation would then fail the whole stack at the cluster. An existing cluster keeps
 * running its version, so only a new environment (a preview included) is checked.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeOrderableDBInstanceOptions.html
 */
export async function checkOrderableVersion(
  m: Manifest,
  region: string,
  port: PreflightPort,
): Promise<PreflightResult> {
  if (!m.database) return { problems: [], unchecked: [] };
  const { engine, version } = m.database;
  const reference = `${engine} ${version}`;
  const found = await port.serverlessVersionOrderable(engine, version);
  if (typeof found === "object") return { problems: [], unchecked: [`${reference}: ${found.unknown}`] };
  if (found === "exists") return { problems: [], unchecked: [] };
  const problem =
    found === "missing"
      ? {
          message: `RDS does not offer ${reference} for Aurora Serverless v2 in ${region}: the database could not be created`,
          fix:
            `set database.version to one it offers: aws rds describe-orderable-db-instance-options --engine ${engine} ` +
            `--db-instance-class db.serverless --region ${region} --query "OrderableDBInstanceOptions[].EngineVersion"`,
          hint: `berth's default, ${DEFAULT_ENGINE_VERSIONS[engine]}, is a long-term-support minor`,
        }
      : {
          message: `this identity may not ask RDS which versions of ${engine} it offers in ${region}`,
          fix: "allow rds:DescribeOrderableDBInstanceOptions (docs/permissions.md)",
        };
  return { problems: [{ path: "database.version", reference, ...problem }], unchecked: [] };
}
