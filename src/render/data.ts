import bucket from "../../templates/bucket.yml";
import database from "../../templates/database.yml";
import deadLetterQueue from "../../templates/dead-letter-queue.yml";
import mountTarget from "../../templates/mount-target.yml";
import queue from "../../templates/queue.yml";
import volume from "../../templates/volume.yml";
import type { Database, Manifest } from "../manifest/types.js";
import { logicalId } from "../manifest/names.js";
import type { NetworkRefs } from "./network.js";
import { getAtt, type TemplateBuilder } from "./template.js";

export function databasePort(db: Database): number {
  return db.engine === "aurora-mysql" ? 3306 : 5432;
}

/**
 * How an environment's data is treated when resources go away. Previews are disposable.
 * Before `berth destroy`, the stack is updated to a teardown mode: keeping data lifts the
 * database's deletion protection (it still leaves a final snapshot); deleting data also
 * drops the snapshot and lets buckets and file systems go.
 */
export type Teardown = "keep-data" | "delete-data";

interface DataPolicies {
  database: "Snapshot" | "Delete";
  deletionProtection: boolean;
  files: "Retain" | "Delete";
  buckets: "Retain" | "Delete";
}

export function dataPolicies(preview: boolean, teardown?: Teardown): DataPolicies {
  if (teardown === "delete-data") return { database: "Delete", deletionProtection: false, files: "Delete", buckets: "Delete" };
  if (preview) return { database: "Delete", deletionProtection: false, files: "Delete", buckets: "Retain" };
  return { database: "Snapshot", deletionProtection: teardown === undefined, files: "Retain", buckets: "Retain" };
}

/** The database, queues, buckets and volumes: the stateful part of an environment. */
export function renderData(m: Manifest, stack: string, network: NetworkRefs, t: TemplateBuilder, teardown?: Teardown): void {
  const policies = dataPolicies(m.preview, teardown);
  if (m.database) {
    const db = m.database;
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
      minCapacity: db.capacity.min,
      maxCapacity: db.capacity.max,
    });
  }
  for (const [name, q] of Object.entries(m.queues)) {
    const Id = logicalId(name);
    if (q.deadLetter) t.add(deadLetterQueue, { Id, name });
    t.add(queue, {
      Id,
      visibilityTimeout: q.visibilityTimeout,
      retention: q.retention,
      redrivePolicy: q.deadLetter ? { deadLetterTargetArn: getAtt(`${Id}DeadLetterQueue`, "Arn"), maxReceiveCount: q.deadLetter.maxReceives } : undefined,
    });
  }
  for (const [name, b] of Object.entries(m.buckets)) {
    t.add(bucket, { Id: logicalId(name), versioning: b.versioned ? { Status: "Enabled" } : undefined, retainPolicy: policies.buckets });
  }
  for (const name of Object.keys(m.volumes)) {
    const Id = logicalId(name);
    t.add(volume, { Id, name, stackName: stack, vpcId: network.vpcId, retainPolicy: policies.files });
    network.privateSubnets.forEach((subnet, i) => t.add(mountTarget, { Id, name, n: i + 1, subnet }));
  }
}
