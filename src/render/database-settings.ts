import type { Database } from "../manifest/types.js";
import { sub } from "./template.js";

/**
 * The cluster's parameter group family: the engine and its major version
 * (aurora-postgresql16, aurora-mysql8.0), as `aws rds describe-db-engine-versions` lists them.
 */
export function parameterFamily(db: Database): string {
  if (db.engine === "aurora-mysql") return `aurora-mysql${db.version.split(".mysql_aurora.")[0]}`;
  return `aurora-postgresql${db.version.split(".")[0]}`;
}

/**
 * TLS required by the server: `rds.force_ssl` for Aurora PostgreSQL
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Security.html),
 * `require_secure_transport` for Aurora MySQL
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Security.html);
 * the MySQL one needs no reboot (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html);
 * an instance that lists the PostgreSQL one as pending-reboot applies it at its next reboot. With insights on,
 * MySQL also writes its slow query log (statements over 2 s), which it exports.
 */
export function clusterParameters(db: Database): Record<string, string> {
  if (db.engine === "aurora-postgresql") return { "rds.force_ssl": "1" };
  const slowQueries: Record<string, string> = db.insights
    ? { slow_query_log: "1", long_query_time: "2", log_output: "FILE" }
    : {};
  return { require_secure_transport: "ON", ...slowQueries };
}

/** Days the exported database logs are kept (docs/manifest.md, "database"). */
export const DATABASE_LOG_DAYS = 30;

/** The logs Aurora exports to CloudWatch Logs with insights on, by engine. */
function exportedLogs(db: Database): string[] {
  return db.engine === "aurora-postgresql" ? ["postgresql"] : ["error", "slowquery"];
}

/**
 * CloudWatch Database Insights in Standard mode (free; Performance Insights' 7 days of
 * history) and the engine's logs exported to CloudWatch Logs
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DatabaseInsights.TurningOnStandard.html:
 * no downtime to turn on, USER_DatabaseInsights.Considerations.html;
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html).
 * Off, every key is left out, as before.
 */
export function insightsProperties(db: Database): Record<string, unknown> {
  if (!db.insights)
    return {
      insightsMode: undefined,
      performanceInsights: undefined,
      performanceInsightsDays: undefined,
      logExports: undefined,
    };
  return {
    insightsMode: "standard",
    performanceInsights: true,
    performanceInsightsDays: 7,
    logExports: exportedLogs(db),
  };
}

/**
 * The log groups Aurora publishes to (`/aws/rds/cluster/<cluster>/<log>`). Aurora creates them
 * with no expiry on the first line it publishes; the login function creates them first, or sets
 * the retention of those that exist, so the stack never races Aurora for the name.
 */
export function databaseLogGroups(db: Database): unknown[] {
  return db.insights ? exportedLogs(db).map((log) => sub(`/aws/rds/cluster/\${Database}/${log}`)) : [];
}

/**
 * The login function's right to create those log groups, or set their retention, before Aurora
 * would create them without expiry: each by name, no wildcard, as a log group's ARN is its name
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html).
 * None without exports.
 */
export function keepDatabaseLogsStatement(db: Database): unknown {
  if (!db.insights) return undefined;
  const arn = (log: string) =>
    sub(
      `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/rds/cluster/\${Database}/${log}`,
    );
  return {
    Sid: "KeepDatabaseLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"],
    Resource: exportedLogs(db).map(arn),
  };
}

/**
 * Aurora creates the log groups it exports to with no expiry: the functions that sign a service
 * in (templates/database-login.yml, templates/preview-database.yml) create them first, or give
 * them the retention, with this Python function and the rights keepDatabaseLogsStatement grants.
 */
const KEEP_LOGS_FUNCTION = `def keep_logs(names, days):
    logs = boto3.client("logs")
    for name in names:
        try:
            logs.create_log_group(logGroupName=name)
        except logs.exceptions.ResourceAlreadyExistsException:
            pass
        logs.put_retention_policy(logGroupName=name, retentionInDays=days)`;

/** What a login function's template needs to keep the database's logs: its groups, its right, its days, its code. */
export function databaseLogKeeping(db: Database): Record<string, unknown> {
  return {
    logGroups: databaseLogGroups(db),
    keepDatabaseLogs: keepDatabaseLogsStatement(db),
    logDays: String(DATABASE_LOG_DAYS),
    keepLogsFunction: KEEP_LOGS_FUNCTION,
  };
}
