import { auroraFor } from "./compose-backing.js";
import { berthName } from "./names.js";
import type { AdoptionReport } from "./report.js";

/** What an add-on held that berth now creates, and the data resources Copilot's stacks would delete. */
export interface MappedAddons {
  database?: Record<string, unknown>;
  buckets: Record<string, Record<string, unknown>>;
  /** berth names the owning service must `use`. */
  uses: string[];
  /** Data resources in the add-on, to retain before Copilot's stacks go: `copilot/api/addons/db.yml: auroraDBCluster (AWS::RDS::DBCluster)`. */
  keep: string[];
}

/** Types that come with a recognised resource (its subnet group, security groups, secret, policies). */
const COMPANIONS = new Set([
  "AWS::RDS::DBSubnetGroup",
  "AWS::EC2::SecurityGroup",
  "AWS::EC2::SecurityGroupIngress",
  "AWS::SecretsManager::Secret",
  "AWS::RDS::DBClusterParameterGroup",
  "AWS::RDS::DBInstance",
  "AWS::SecretsManager::SecretTargetAttachment",
  "AWS::S3::BucketPolicy",
  "AWS::IAM::ManagedPolicy",
]);

type Template = Record<string, unknown>;

/**
 * Copilot add-on templates (`copilot storage init` writes Aurora Serverless, S3 and DynamoDB
 * ones): Aurora → `database:`, S3 → `buckets:`, DynamoDB and any other resource listed as not
 * mapped. A Copilot add-on template may omit `Resources:` and list resources at the top level.
 */
export function mapAddons(
  addons: { path: string; template: Template }[],
  owner: string | undefined,
  report: AdoptionReport,
  databaseTaken: boolean,
): MappedAddons {
  const out: MappedAddons = { buckets: {}, uses: [], keep: [] };
  for (const { path, template } of addons) {
    const resources = (template.Resources ?? template) as Record<string, Template>;
    const parameters = (template.Parameters ?? {}) as Record<string, Template>;
    for (const [id, resource] of Object.entries(resources)) {
      const type = String(resource?.Type ?? "");
      const props = (resource?.Properties ?? {}) as Record<string, unknown>;
      const at = `copilot/${path}: ${id}`;
      if (type === "AWS::RDS::DBCluster") {
        out.keep.push(`${at} (${type})`);
        if (databaseTaken || out.database) {
          report.left.push({
            item: at,
            why: "berth makes one database per app",
            todo: "merge its schema into the first database, or keep it outside berth and pass its address as a secret",
          });
          continue;
        }
        const engine = String(props.Engine ?? "aurora-postgresql").includes("mysql") ? "mysql" : "postgres";
        const aurora = auroraFor(engine, String(props.EngineVersion ?? "").replace(/\.mysql_aurora.*$/, ""));
        const database: Record<string, unknown> = { engine: aurora.engine, version: aurora.version };
        const name = literal(props.DatabaseName, parameters);
        if (name && /^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name)) database.name = name;
        out.database = database;
        if (owner) out.uses.push("database");
        report.mapped.push(
          `${at} (Aurora ${props.EngineMode === "serverless" ? "Serverless v1" : "Serverless v2"}, ${String(props.Engine)}) → database: ${aurora.engine} ${aurora.version}`,
        );
        report.assumed.push(...aurora.assumed.map((a) => `${at}: ${a}`));
        if (props.EngineMode === "serverless")
          report.assumed.push(`${at}: Aurora Serverless v1 (which AWS retired) becomes Serverless v2`);
        report.left.push({
          item: `${at}: the ${secretVariable(template)} variable`,
          why: "Copilot gave the service the master user's secret (host, port, username, password as JSON); berth gives DATABASE_HOST, DATABASE_PORT, DATABASE_NAME and DATABASE_USER, signed in with IAM",
          todo: 'change how the app connects (docs/manifest.md, "What a service that uses: [database] receives")',
        });
      } else if (type === "AWS::S3::Bucket") {
        out.keep.push(`${at} (${type})`);
        const name = berthName(id.replace(/Bucket$/, "") || id);
        const versioning = (props.VersioningConfiguration as Record<string, unknown> | undefined)?.Status === "Enabled";
        out.buckets[name] = versioning ? { versioned: true } : {};
        if (owner) out.uses.push(name);
        report.mapped.push(`${at} (S3 bucket) → buckets.${name}`);
        report.left.push({
          item: `${at}: the bucket's name variable`,
          why: `Copilot passed the bucket's name as <NAME>_NAME; berth passes BUCKET_${name.toUpperCase().replace(/-/g, "_")}`,
          todo: "read the new variable in the app",
        });
      } else if (type === "AWS::DynamoDB::Table") {
        out.keep.push(`${at} (${type})`);
        report.left.push({
          item: `${at} (DynamoDB table)`,
          why: "berth has no tables",
          todo: "keep the table (DeletionPolicy: Retain, below), pass its name in env:, and grant the task role access with overrides:",
        });
      } else if (!COMPANIONS.has(type)) {
        report.left.push({
          item: `${at} (${type || "no Type"})`,
          why: "berth creates no such resource",
          todo: "keep it in a CloudFormation stack of your own",
        });
      }
    }
  }
  return out;
}

/** The variable Copilot injected the cluster's secret as: its output `<name>Secret`, in SCREAMING_SNAKE_CASE. */
function secretVariable(template: Template): string {
  const output = Object.keys((template.Outputs ?? {}) as object).find((k) => k.endsWith("Secret"));
  return output ? berthName(output).toUpperCase().replace(/-/g, "_") : "<CLUSTER>_SECRET";
}

/** A property's literal value, or the default of the parameter it `!Ref`s (read as the parameter's name). */
function literal(value: unknown, parameters: Record<string, Template>): string | undefined {
  if (typeof value !== "string") return undefined;
  const parameter = parameters[value];
  return parameter && parameter.Default !== undefined ? String(parameter.Default) : value;
}
