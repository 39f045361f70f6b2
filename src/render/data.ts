import bucket from "../../templates/bucket.yml";
import database from "../../templates/database.yml";
import deadLetterQueue from "../../templates/dead-letter-queue.yml";
import mountTarget from "../../templates/mount-target.yml";
import queue from "../../templates/queue.yml";
import volume from "../../templates/volume.yml";
import type { Database, Manifest } from "../manifest/types.js";
import { logicalId } from "./names.js";
import type { NetworkRefs } from "./network.js";
import { getAtt, type TemplateBuilder } from "./template.js";

export function databasePort(db: Database): number {
  return db.engine === "aurora-mysql" ? 3306 : 5432;
}

/** The database, queues, buckets and volumes: the stateful part of an environment. */
export function renderData(m: Manifest, stack: string, network: NetworkRefs, t: TemplateBuilder): void {
  // Previews are disposable: no deletion protection, no final snapshot, no retained file systems.
  const preview = m.preview;
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
      retainPolicy: preview ? "Delete" : "Snapshot",
      deletionProtection: !preview,
      backupDays: preview ? 1 : 7,
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
    t.add(bucket, { Id: logicalId(name), versioning: b.versioned ? { Status: "Enabled" } : undefined });
  }
  for (const name of Object.keys(m.volumes)) {
    const Id = logicalId(name);
    t.add(volume, { Id, name, stackName: stack, vpcId: network.vpcId, retainPolicy: preview ? "Delete" : "Retain" });
    network.privateSubnets.forEach((subnet, i) => t.add(mountTarget, { Id, name, n: i + 1, subnet }));
  }
}
