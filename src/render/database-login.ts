import databaseLogin from "../../templates/database-login.yml";
import type { Database } from "../manifest/types.js";
import { databaseLogKeeping } from "./database-settings.js";
import { sub, type TemplateBuilder } from "./template.js";

/**
 * The login applications use: IAM database authentication, so nothing the application
 * holds expires when RDS rotates the master secret (every 7 days by default:
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html).
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuthDBAccounts.html
 */
export const APPLICATION_LOGIN = "berth_app";

/** Idempotent SQL that creates the login and lets it own what it creates; run on every stack update. */
export function loginStatements(db: Database): string[] {
  if (db.engine === "aurora-mysql") {
    return [
      `CREATE USER IF NOT EXISTS '${APPLICATION_LOGIN}'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL`,
      `GRANT ALL PRIVILEGES ON \`${db.name}\`.* TO '${APPLICATION_LOGIN}'@'%'`,
    ];
  }
  return [
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APPLICATION_LOGIN}') THEN CREATE ROLE ${APPLICATION_LOGIN} LOGIN; END IF; END $$`,
    `GRANT rds_iam TO ${APPLICATION_LOGIN}`,
    `GRANT ALL PRIVILEGES ON DATABASE "${db.name}" TO ${APPLICATION_LOGIN}`,
    `GRANT ALL ON SCHEMA public TO ${APPLICATION_LOGIN}`,
  ];
}

export function renderDatabaseLogin(db: Database, stackName: string, t: TemplateBuilder): void {
  t.add(databaseLogin, {
    login: APPLICATION_LOGIN,
    stackName,
    databaseName: db.name,
    statements: loginStatements(db),
    ...databaseLogKeeping(db),
  });
}

/** What a task role needs to sign in as `login` (rds-db:connect on the cluster's resource id). */
export function connectResource(login: string): unknown {
  return sub(
    `arn:\${AWS::Partition}:rds-db:\${AWS::Region}:\${AWS::AccountId}:dbuser:\${Database.DBClusterResourceId}/${login}`,
  );
}
