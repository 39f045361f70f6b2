import type { Manifest } from "../manifest/types.js";
import { logicalId, stackName } from "../render/names.js";
import { renderApplication } from "../render/render.js";
import { toYaml } from "../render/template-yaml.js";
import { systemClock } from "../time/clock.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import { deleteStack, deployInfrastructure, type InfrastructureOptions } from "./infrastructure/deploy-infrastructure.js";
import type { InfrastructureOutcome } from "./infrastructure/events.js";

/** The ECS services berth created in the environment's cluster (CloudFormation does not own them). */
export interface ServicesPort {
  /** Scales every service of the cluster to zero and deletes it; returns their names. */
  removeServices(cluster: string): Promise<string[]>;
  /** The names of the cluster's ACTIVE services. */
  listServices(cluster: string): Promise<string[]>;
  /**
   * One service scaled to zero and deleted with its scaling (scalable target, its policies,
   * the wake alarm), waited on until INACTIVE so its security group and roles can go.
   */
  removeService(cluster: string, service: string): Promise<void>;
}

export interface BucketsPort {
  /** Deletes every object version of a bucket, so CloudFormation can delete the bucket. */
  empty(bucket: string): Promise<void>;
}

export interface DestroyPorts {
  cloudFormation: CloudFormationPort;
  services: ServicesPort;
  buckets: BucketsPort;
}

export type DestroyOutcome =
  | { result: "absent"; stackName: string }
  | { result: "destroyed"; stackName: string; services: string[]; kept: string[] }
  | { result: "failed"; stackName: string; step: InfrastructureOutcome; services: string[] };

/**
 * `berth destroy`: the services first (a cluster with services cannot be deleted), then
 * a last stack update that sets what deletion keeps — the database's final snapshot,
 * buckets and file systems, unless the data is to go too — then the stack itself. The
 * app stack and its images are shared by every environment and stay.
 */
export async function destroyEnvironment(m: Manifest, ports: DestroyPorts, options: InfrastructureOptions & { deleteData: boolean }): Promise<DestroyOutcome> {
  const name = stackName(m.app, m.environment);
  const live = await ports.cloudFormation.describeStack(name);
  if (!live) return { result: "absent", stackName: name };
  const outputs = live.outputs ?? {};
  const services = outputs.ClusterName ? await ports.services.removeServices(outputs.ClusterName) : [];

  const teardown = renderApplication(m, { teardown: options.deleteData ? "delete-data" : "keep-data" });
  if (!teardown.ok) throw new Error("the manifest rendered before but not for teardown");
  const prepared = await deployInfrastructure(ports.cloudFormation, { stackName: name, templateBody: toYaml(teardown.rendered.template), tags: { "berth:app": m.app, "berth:environment": m.environment } }, options);
  if (!["unchanged", "updated"].includes(prepared.result)) return { result: "failed", stackName: name, step: prepared, services };

  if (options.deleteData) {
    for (const bucket of Object.keys(m.buckets)) {
      const physical = outputs[`${logicalId(bucket)}BucketName`];
      if (physical) await ports.buckets.empty(physical);
    }
  }
  const context = { clock: options.clock ?? systemClock, pollMs: options.pollMs ?? 3_000, operationTimeoutMs: options.operationTimeoutMs ?? 2 * 60 * 60_000, emit: options.emit ?? (() => {}) };
  const deleted = await deleteStack(ports.cloudFormation, name, context);
  if (deleted) return { result: "failed", stackName: name, step: deleted, services };
  return { result: "destroyed", stackName: name, services, kept: options.deleteData ? [] : keptData(m, outputs) };
}

/** What outlives the environment when data is kept, for the user to find again. */
function keptData(m: Manifest, outputs: Record<string, string>): string[] {
  const kept: string[] = [];
  if (m.database && !m.preview) kept.push("database: a final snapshot of the Aurora cluster (RDS console, Snapshots)");
  for (const bucket of Object.keys(m.buckets)) kept.push(`bucket ${bucket}: ${outputs[`${logicalId(bucket)}BucketName`] ?? "(its S3 bucket)"}`);
  if (!m.preview) for (const volume of Object.keys(m.volumes)) kept.push(`volume ${volume}: ${outputs[`${logicalId(volume)}FileSystemId`] ?? "(its EFS file system)"}`);
  return kept;
}
