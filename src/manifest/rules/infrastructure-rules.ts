import { firstPausingVersion, knownVersions, pausesAtZero, versionOfEngine } from "../aurora-versions.js";
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
        ctx.report(
          `network.${key}`,
          `an existing VPC needs at least 2 ${key} in different availability zones`,
          `list them: ${key}: [subnet-…, subnet-…]`,
        );
      }
    }
    if (network.nat !== undefined)
      ctx.report("network.nat", "nat applies only to a new VPC", "remove nat: an existing VPC keeps its own routing");
    if (network.azs !== undefined)
      ctx.report("network.azs", "azs applies only to a new VPC", "remove azs: the subnets you list decide the zones");
  } else {
    for (const key of ["publicSubnets", "privateSubnets"] as const) {
      if (network[key] !== undefined && network[key].length > 0) {
        ctx.report(
          `network.${key}`,
          `subnets can be listed only with an existing VPC`,
          "set vpc: vpc-… to use these subnets, or remove them to let berth create the network",
        );
      }
    }
  }
}

export function checkDatabase(m: RawManifest, ctx: RuleContext): void {
  if (m.database?.existing) return;
  const capacity = m.database?.capacity;
  if (capacity?.min !== undefined && capacity.max !== undefined && capacity.min > capacity.max) {
    ctx.report("database.capacity.min", `min (${capacity.min}) is above max (${capacity.max})`, "make min at most max");
  }
  const engine = m.database?.engine ?? "aurora-postgresql";
  const version = m.database?.version;
  if (version !== undefined && !versionOfEngine(engine, version)) {
    ctx.report(
      "database.version",
      `"${version}" is not a version of ${engine}: the cluster could not be created`,
      `use an ${engine} version, such as ${knownVersions(engine).join(", ")} (the last is berth's default), or change database.engine`,
    );
    return;
  }
  if (capacity?.min === 0 && version !== undefined && !pausesAtZero(engine, version)) {
    ctx.report(
      "database.capacity.min",
      `${engine} ${version} cannot scale to 0 capacity units (pause)`,
      `use version ${firstPausingVersion(engine, version)} or later, or min: 0.5`,
    );
  }
}

/**
 * Regions whose table in "Supported Regions and Aurora DB engines for RDS Data API" says
 * "Not available" for Aurora PostgreSQL Serverless v2, when berth was written:
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.Data_API.html
 * The stack creates the application's login through the Data API (templates/database-login.yml),
 * so there the stack would fail at DatabaseLogin.
 */
const NO_DATA_API_FOR_POSTGRESQL = new Set(["ap-south-2", "ap-southeast-4", "ap-southeast-6"]);

export function checkDataApiRegion(m: RawManifest, ctx: RuleContext): void {
  if (!m.database || m.database.existing || m.region === undefined) return;
  if ((m.database.engine ?? "aurora-postgresql") !== "aurora-postgresql") return;
  if (!NO_DATA_API_FOR_POSTGRESQL.has(m.region)) return;
  ctx.report(
    "database",
    `the RDS Data API, through which berth creates the application's database login, is not offered for Aurora PostgreSQL in ${m.region}`,
    'deploy this environment to a region that offers it (AWS\'s page "Supported Regions and Aurora DB engines for RDS Data API" lists them)',
  );
}

/** Account ids AWS's documentation uses in examples; no real certificate lives in them. */
const PLACEHOLDER_ACCOUNTS = new Set(["000000000000", "123456789012", "111122223333", "444455556666"]);

/** A placeholder ARN validates by shape, then fails when CloudFormation creates the HTTPS listener. */
export function checkCertificate(m: RawManifest, ctx: RuleContext): void {
  const arn = m.certificate;
  if (arn === undefined) return;
  const account = arn.split(":")[4] ?? "";
  const id = arn.slice(arn.indexOf("certificate/") + "certificate/".length);
  if (PLACEHOLDER_ACCOUNTS.has(account) || /^[0-]+$/.test(id)) {
    ctx.report(
      "certificate",
      `${arn} is a placeholder, not a certificate of yours: the HTTPS listener could not be created`,
      "set the ARN of your ACM certificate in the stack's region (aws acm list-certificates)",
    );
  }
}
