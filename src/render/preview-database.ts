import previewDatabase from "../../templates/preview-database.yml";
import type { Database, Manifest } from "../manifest/types.js";
import { APPLICATION_LOGIN } from "./database-login.js";
import { databaseLogKeeping } from "./database-settings.js";
import { onPreviewBase, previewSuffix } from "./preview-names.js";
import type { TemplateBuilder } from "./template.js";

/** The database an environment's services use and the login they sign in as. */
export interface DatabaseIdentity {
  name: string;
  login: string;
}

/**
 * A preview on the base shares the cluster: its database and login carry its name
 * (`app_pr_7`, `berth_app_pr_7`), so no preview reads another's data. Every other
 * environment has the cluster's own database and `berth_app`.
 */
export function databaseIdentity(m: Manifest, db: Database): DatabaseIdentity {
  if (!onPreviewBase(m)) return { name: db.name, login: APPLICATION_LOGIN };
  const suffix = previewSuffix(m);
  return { name: `${db.name}_${suffix}`, login: `${APPLICATION_LOGIN}_${suffix}` };
}

interface Step {
  Database: string;
  Sql: string;
}

/**
 * Idempotent steps (the function tolerates "already exists" and "does not exist"), run in
 * the cluster's own database (`db.name`) except the grant on the new database's schema.
 * PUBLIC loses CONNECT, so another preview's login cannot even open this database.
 */
function steps(db: Database, { name, login }: DatabaseIdentity): { create: Step[]; drop: Step[] } {
  const admin = (sql: string): Step => ({ Database: db.name, Sql: sql });
  if (db.engine === "aurora-mysql") {
    return {
      create: [
        admin(`CREATE DATABASE IF NOT EXISTS \`${name}\``),
        admin(`CREATE USER IF NOT EXISTS '${login}'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL`),
        admin(`GRANT ALL PRIVILEGES ON \`${name}\`.* TO '${login}'@'%'`),
      ],
      drop: [admin(`DROP DATABASE IF EXISTS \`${name}\``), admin(`DROP USER IF EXISTS '${login}'@'%'`)],
    };
  }
  return {
    create: [
      admin(
        `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${login}') THEN CREATE ROLE ${login} LOGIN; END IF; END $$`,
      ),
      admin(`GRANT rds_iam TO ${login}`),
      admin(`CREATE DATABASE "${name}"`),
      admin(`REVOKE CONNECT ON DATABASE "${name}" FROM PUBLIC`),
      admin(`GRANT ALL PRIVILEGES ON DATABASE "${name}" TO ${login}`),
      { Database: name, Sql: `GRANT ALL ON SCHEMA public TO ${login}` },
    ],
    drop: [admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`), admin(`DROP ROLE IF EXISTS ${login}`)],
  };
}

/**
 * The base's cluster exports its logs when the previews' database has insights on; the base
 * has no function of its own, so each preview's keeps those log groups (creates them before
 * Aurora would, without expiry, or gives them the retention environments' have), as an
 * environment's login function does for its own cluster (src/render/database-login.ts).
 */
export function renderPreviewDatabase(m: Manifest, db: Database, stackName: string, t: TemplateBuilder): void {
  const identity = databaseIdentity(m, db);
  t.add(previewDatabase, {
    stackName,
    databaseName: identity.name,
    login: identity.login,
    ...steps(db, identity),
    ...databaseLogKeeping(db),
  });
}
