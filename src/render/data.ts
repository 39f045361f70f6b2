import bucket from "../../templates/bucket.yml";
import existingBucket from "../../templates/bucket-existing.yml";
import database from "../../templates/database.yml";
import existingDatabase from "../../templates/database-existing.yml";
import databaseReader from "../../templates/database-reader.yml";
import deadLetterQueue from "../../templates/dead-letter-queue.yml";
import mountTarget from "../../templates/mount-target.yml";
import queue from "../../templates/queue.yml";
import volume from "../../templates/volume.yml";
import existingVolume from "../../templates/volume-existing.yml";
import type { Database, Manifest } from "../manifest/types.js";
import { hasAccessLogsBucket, serverAccessLogging } from "./access-logs.js";
import { alarmActions } from "./alerts.js";
import { loadBalancersInUse } from "./load-balancers.js";
import { renderDatabaseLogin } from "./database-login.js";
import { renderDeadLetterSources, type DeadLetterQueue } from "./dead-letter-sources.js";
import type { Teardown } from "./teardown.js";
import { renderPreviewDatabase } from "./preview-database.js";
import { onPreviewBase } from "./preview-names.js";
import { clusterParameters, insightsProperties, parameterFamily } from "./database-settings.js";
import { logicalId, taskRolePath } from "../manifest/names.js";
import type { NetworkRefs } from "./network.js";
import { getAtt, sub, type TemplateBuilder } from "./template.js";

export function databasePort(db: Database): number {
  if (db.existing) return db.existing.port;
  return db.engine === "aurora-mysql" ? 3306 : 5432;
}

export type { Teardown } from "./teardown.js";

export interface DataPolicies {
  database: "Snapshot" | "Delete";
  deletionProtection: boolean;
  files: "Retain" | "Delete";
  buckets: "Retain" | "Delete";
  /** Dead-letter queues: the failed jobs someone still has to look at. */
  deadLetters: "Retain" | "Delete";
}

export function dataPolicies(preview: boolean, teardown?: Teardown): DataPolicies {
  if (teardown === "delete-data")
    return { database: "Delete", deletionProtection: false, files: "Delete", buckets: "Delete", deadLetters: "Delete" };
  if (preview)
    return { database: "Delete", deletionProtection: false, files: "Delete", buckets: "Retain", deadLetters: "Delete" };
  return {
    database: "Snapshot",
    deletionProtection: teardown === undefined,
    files: "Retain",
    buckets: "Retain",
    deadLetters: "Retain",
  };
}

/**
 * TLS only; through the access point only (it pins uid/gid and the directory); and only the
 * task roles of the services that mount the volume. Those roles live in the services' own
 * stacks, so the policy names them by their IAM path (`taskRolePath`), which only the
 * service's stack gives a role; `aws:PrincipalArn` of a role session is the role's ARN, path
 * included (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn).
 */
function fileSystemPolicy(m: Manifest, mounters: string[]): unknown {
  const nfs = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"];
  const statements: unknown[] = [
    {
      Sid: "TlsOnly",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "AccessPointOnly",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: nfs,
      Condition: { Null: { "elasticfilesystem:AccessPointArn": "true" } },
    },
  ];
  if (mounters.length > 0) {
    statements.push({
      Sid: "TaskRolesOnly",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: nfs.slice(0, 2),
      Condition: {
        Bool: { "elasticfilesystem:AccessedViaMountTarget": "true" },
        ArnLike: {
          "aws:PrincipalArn": mounters.map((service) =>
            sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role${taskRolePath(m.app, m.environment, service)}*`),
          ),
        },
      },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** Days an overwritten or deleted object's old version is kept in a versioned bucket. */
export const NONCURRENT_VERSION_DAYS = 30;

/** Parts of abandoned multipart uploads are billed until aborted; old versions until they expire. */
function bucketLifecycle(versioned: boolean): unknown[] {
  const rules: unknown[] = [
    { Id: "abort-incomplete-uploads", Status: "Enabled", AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
  ];
  if (versioned) {
    rules.push({
      Id: "expire-old-versions",
      Status: "Enabled",
      NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_VERSION_DAYS },
      ExpiredObjectDeleteMarker: true,
    });
  }
  return rules;
}

/**
 * The Aurora cluster, its writer and readers. The previews' shared one (in `<app>-previews`)
 * pauses when no preview uses it: a minimum of 0 ACU, paused after `autoPauseSeconds` idle
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ServerlessV2ScalingConfiguration.html).
 */
export function renderDatabaseCluster(
  m: Manifest,
  db: Database,
  stack: string,
  network: NetworkRefs,
  t: TemplateBuilder,
  policies: DataPolicies,
  autoPauseSeconds?: number,
): void {
  t.add(database, {
    stackName: stack,
    vpcId: network.vpcId,
    privateSubnets: network.privateSubnets,
    engine: db.engine,
    version: db.version,
    databaseName: db.name,
    port: databasePort(db),
    retainPolicy: policies.database,
    deletionProtection: policies.deletionProtection,
    backupDays: m.preview ? 1 : 7,
    minCapacity: autoPauseSeconds === undefined ? db.capacity.min : 0,
    maxCapacity: db.capacity.max,
    autoPauseSeconds,
    parameterFamily: parameterFamily(db),
    parameters: clusterParameters(db),
    ...insightsProperties(db),
  });
  const promotionTier = db.readerRole === "failover" ? 1 : 2;
  for (let n = 1; n <= db.readers; n++) t.add(databaseReader, { n, engine: db.engine, promotionTier });
}

/** The database, queues, buckets and volumes: the stateful part of an environment. */
export function renderData(
  m: Manifest,
  stack: string,
  network: NetworkRefs,
  t: TemplateBuilder,
  teardown?: Teardown,
): void {
  const policies = dataPolicies(m.preview, teardown);
  if (m.database?.existing) {
    const existing = m.database.existing;
    t.add(existingDatabase, { stackName: stack, vpcId: network.vpcId, ...existing, portText: String(existing.port) });
  } else if (m.database) {
    renderDatabaseCluster(m, m.database, stack, network, t, policies);
    // A preview's cluster is the base's: the preview has a database and login of its own in it.
    if (onPreviewBase(m)) renderPreviewDatabase(m, m.database, stack, t);
    else renderDatabaseLogin(m.database, stack, t);
  }
  const deadLetterQueues: DeadLetterQueue[] = [];
  for (const [name, q] of Object.entries(m.queues)) {
    const Id = logicalId(name);
    if (q.deadLetter) {
      const vars = {
        Id,
        name,
        stackName: stack,
        maxReceives: q.deadLetter.maxReceives,
        alarmActions: alarmActions(m),
        retainPolicy: policies.deadLetters,
      };
      t.add(deadLetterQueue, vars);
      deadLetterQueues.push({ Id, name, vars });
    }
    t.add(queue, {
      Id,
      visibilityTimeout: q.visibilityTimeout,
      retention: q.retention,
      redrivePolicy: q.deadLetter
        ? { deadLetterTargetArn: getAtt(`${Id}DeadLetterQueue`, "Arn"), maxReceiveCount: q.deadLetter.maxReceives }
        : undefined,
    });
  }
  renderDeadLetterSources(stack, deadLetterQueues, t);
  const logged = hasAccessLogsBucket(m, loadBalancersInUse(m).length);
  for (const [name, b] of Object.entries(m.buckets)) {
    if (b.existing) {
      t.add(existingBucket, { Id: logicalId(name), bucketName: b.existing });
      continue;
    }
    const versioning = b.versioned ? { Status: "Enabled" } : undefined;
    t.add(bucket, {
      ...serverAccessLogging(name, logged),
      Id: logicalId(name),
      versioning,
      retainPolicy: policies.buckets,
      lifecycleRules: bucketLifecycle(b.versioned),
    });
  }
  for (const [name, v] of Object.entries(m.volumes)) {
    const Id = logicalId(name);
    if (v.existing) {
      t.add(existingVolume, { Id, name, stackName: stack, vpcId: network.vpcId, ...v.existing });
      continue;
    }
    const mounters = Object.values(m.services)
      .filter((s) => name in s.volumes)
      .map((s) => s.name);
    const backups = m.preview ? "DISABLED" : "ENABLED";
    t.add(volume, {
      Id,
      name,
      stackName: stack,
      vpcId: network.vpcId,
      retainPolicy: policies.files,
      backups,
      fileSystemPolicy: fileSystemPolicy(m, mounters),
    });
    network.privateSubnets.forEach((subnet, i) => t.add(mountTarget, { Id, name, n: i + 1, subnet }));
  }
}
