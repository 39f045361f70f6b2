import { DEFAULT_ENGINE_VERSIONS } from "../manifest/aurora-versions.js";

/** What a Compose service is to berth, from its image: the app itself, or something berth provides or cannot. */
export type BackingKind =
  | { kind: "database"; engine: "postgres" | "mysql" | "mariadb"; tag: string }
  | { kind: "redis" | "memcached" | "rabbitmq"; tag: string }
  | { kind: "other-data"; product: string; instead: string; move: string }
  | { kind: "proxy"; product: string };

/** The image's repository name without registry, namespace or tag, and its tag: `docker.io/library/postgres:16-alpine` → postgres, 16-alpine. */
export function imageParts(image: string): { name: string; tag: string } {
  const withoutDigest = image.split("@")[0]!;
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  const path = colon < 0 ? withoutDigest : withoutDigest.slice(0, colon);
  return {
    name: path.slice(path.lastIndexOf("/") + 1).toLowerCase(),
    tag: colon < 0 ? "latest" : withoutDigest.slice(colon + 1),
  };
}

const OTHER_DATA: Record<string, { product: string; instead: string; move: string }> = {
  mongo: {
    product: "MongoDB",
    instead: "Amazon DocumentDB or MongoDB Atlas",
    move: "mongodump, then mongorestore into the new cluster",
  },
  mongodb: {
    product: "MongoDB",
    instead: "Amazon DocumentDB or MongoDB Atlas",
    move: "mongodump, then mongorestore into the new cluster",
  },
  elasticsearch: {
    product: "Elasticsearch",
    instead: "Amazon OpenSearch Service",
    move: "a snapshot to S3, restored in the domain",
  },
  opensearch: {
    product: "OpenSearch",
    instead: "Amazon OpenSearch Service",
    move: "a snapshot to S3, restored in the domain",
  },
  cassandra: { product: "Cassandra", instead: "Amazon Keyspaces", move: "cqlsh COPY or DSBulk" },
  server: { product: "SQL Server", instead: "Amazon RDS for SQL Server", move: "a native backup (.bak) through S3" },
  "mssql-server-linux": {
    product: "SQL Server",
    instead: "Amazon RDS for SQL Server",
    move: "a native backup (.bak) through S3",
  },
  couchdb: { product: "CouchDB", instead: "a CouchDB you run elsewhere", move: "CouchDB replication" },
  neo4j: { product: "Neo4j", instead: "Neo4j AuraDB or Amazon Neptune", move: "neo4j-admin dump" },
  influxdb: { product: "InfluxDB", instead: "Amazon Timestream for InfluxDB", move: "influx backup and restore" },
  clickhouse: { product: "ClickHouse", instead: "ClickHouse Cloud", move: "clickhouse-backup" },
  "clickhouse-server": { product: "ClickHouse", instead: "ClickHouse Cloud", move: "clickhouse-backup" },
  minio: { product: "MinIO", instead: "an S3 bucket (buckets: in berth.yml)", move: "aws s3 sync from MinIO's S3 API" },
};

const PROXIES = new Set(["nginx", "traefik", "caddy", "haproxy", "envoy", "httpd", "apache"]);

/** The image's kind, or undefined for the application's own containers. */
export function backingKind(image: string | undefined): BackingKind | undefined {
  if (image === undefined) return undefined;
  const { name, tag } = imageParts(image);
  if (name === "postgres" || name === "postgresql" || name === "postgis")
    return { kind: "database", engine: "postgres", tag };
  if (name === "mysql" || name === "mysql-server") return { kind: "database", engine: "mysql", tag };
  if (name === "mariadb") return { kind: "database", engine: "mariadb", tag };
  if (name === "redis" || name === "redis-stack" || name === "redismod" || name === "valkey" || name === "keydb")
    return { kind: "redis", tag };
  if (name === "memcached") return { kind: "memcached", tag };
  if (name === "rabbitmq") return { kind: "rabbitmq", tag };
  const other = OTHER_DATA[name];
  if (other && (name !== "server" || image.includes("mssql"))) return { kind: "other-data", ...other };
  if (PROXIES.has(name)) return { kind: "proxy", product: name };
  return undefined;
}

/** Aurora PostgreSQL versions of each major that Serverless v2 runs and can pause (src/manifest/aurora-versions.ts). */
const AURORA_POSTGRES: Record<number, string> = { 13: "13.15", 14: "14.12", 15: "15.7", 16: "16.8", 17: "17.4" };

export interface MappedDatabase {
  engine: "aurora-postgresql" | "aurora-mysql";
  version: string;
  /** What the mapping took for granted, for the report. */
  assumed: string[];
}

/** The Aurora engine and version for a database image: the same major where Aurora has it. */
export function auroraFor(engine: "postgres" | "mysql" | "mariadb", tag: string): MappedDatabase {
  const major = /^(\d+)(?:\.(\d+))?/.exec(tag);
  if (engine === "postgres") {
    const version = major ? AURORA_POSTGRES[Number(major[1])] : undefined;
    if (version) return { engine: "aurora-postgresql", version, assumed: [] };
    const fallback = DEFAULT_ENGINE_VERSIONS["aurora-postgresql"];
    return {
      engine: "aurora-postgresql",
      version: fallback,
      assumed: [
        major
          ? `PostgreSQL ${major[1]} has no Aurora Serverless v2 version berth uses: mapped to ${fallback}; pg_dump from ${major[1]} restores into a newer major, not an older one`
          : `the image's tag (${tag}) names no version: mapped to PostgreSQL ${fallback}; check what the VM runs (SELECT version();)`,
      ],
    };
  }
  const version = DEFAULT_ENGINE_VERSIONS["aurora-mysql"];
  const assumed: string[] = [];
  if (engine === "mariadb")
    assumed.push(
      `MariaDB ${tag} mapped to Aurora MySQL 8.0 (${version}): Aurora has no MariaDB; most SQL carries over, MariaDB-only features (sequences, system-versioned tables, some JSON functions) do not`,
    );
  else if (!major) assumed.push(`the image's tag (${tag}) names no version: mapped to Aurora MySQL 8.0 (${version})`);
  else if (major[1] !== "8" || (major[2] !== undefined && major[2] !== "0"))
    assumed.push(`MySQL ${major[0]} mapped to Aurora MySQL 8.0 (${version}), the version Aurora Serverless v2 runs`);
  return { engine: "aurora-mysql", version, assumed };
}
