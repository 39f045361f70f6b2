import { existingData, ownedBuckets } from "./existing-data.js";
import type { Problem } from "../manifest/problem.js";
import type { Manifest } from "../manifest/types.js";
import { PRODUCTION } from "../manifest/environment-defaults.js";
import {
  dashboardStackName,
  logicalId,
  scalingResourceId,
  serviceLogGroupName,
  stackName,
  taskFamily,
  wakeAlarmName,
} from "../manifest/names.js";
import { renderApplication } from "../render/render.js";
import { applyingStacks } from "./apply-stack.js";
import { deployEnvironmentStack } from "./environment-stack.js";
import { deleteDashboardStack } from "./dashboard-stack.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import { deleteStack, deployContext, type InfrastructureOptions } from "./infrastructure/deploy-infrastructure.js";
import type { InfrastructureOutcome } from "./infrastructure/events.js";
import { mergedOutputs, readEnvironmentStacks } from "./service-stacks/environment-stacks.js";
import { deleteServiceStacks, ownServiceStacks } from "./service-stacks/remove-services.js";
import { deployedAsWholeEnvironment } from "./previews/preview-base.js";
import type { DestroyPorts, ReleaseLeftoversPort } from "./destroy-port.js";

export type { BucketsPort, DestroyPorts, ReleaseLeftoversPort, ServicesPort } from "./destroy-port.js";

export type DestroyOutcome =
  | { result: "absent"; stackName: string }
  /** The manifest cannot be rendered for teardown (an override that no longer applies): nothing was touched. */
  | { result: "invalid"; stackName: string; problems: Problem[] }
  | {
      result: "destroyed";
      stackName: string;
      services: string[];
      kept: string[];
      /** The environment stack was already gone: the service stacks an interrupted destroy left, deleted now. */
      leftStacks?: string[];
    }
  | { result: "failed"; stackName: string; step: InfrastructureOutcome; services: string[] };

/**
 * `berth destroy`, in the order that keeps the application whole until nothing can fail
 * halfway: first a stack update that only sets what deletion keeps — the database's final
 * snapshot, buckets and file systems, unless the data is to go too — rendered with the
 * listener weights ECS left live, so it moves no traffic; then the services (a cluster
 * with services cannot be deleted) and what their releases created beside the stack; then
 * the dashboard's stack; then the service stacks, a few at a time; then the environment stack. If the update fails or
 * is declined, everything still runs. The app stack and its images are shared by every environment and stay.
 */
export async function destroyEnvironment(
  m: Manifest,
  ports: DestroyPorts,
  options: InfrastructureOptions & { deleteData: boolean },
): Promise<DestroyOutcome> {
  const name = stackName(m.app, m.environment);
  const teardown = options.deleteData ? "delete-data" : "keep-data";
  // Rendered before any AWS call: a manifest whose overrides no longer apply touches nothing.
  const checked = renderApplication(m, { teardown });
  if (!checked.ok) return { result: "invalid", stackName: name, problems: checked.problems };
  const stacks = await readEnvironmentStacks(m, ports.cloudFormation);
  if (!stacks.environment) return destroyLeftServiceStacks(m, ports.cloudFormation, options);
  // A preview an earlier berth deployed whole is torn down as what it is: the update to the
  // base's split would delete its network and load balancer under its running services.
  const whole = m.preview && deployedAsWholeEnvironment(checked.rendered.template, stacks.environment);
  const deployed = whole ? { ...m, preview: false } : m;
  const torn = whole ? renderApplication(deployed, { teardown }) : checked;
  if (!torn.ok) return { result: "invalid", stackName: name, problems: torn.problems };
  const outputs = mergedOutputs(m, stacks);
  const live = { exists: true, outputs: stacks.environment.outputs ?? {} };
  const step = applyingStacks(ports.cloudFormation, options);
  const prepared = await deployEnvironmentStack(deployed, torn.rendered, live, ports, step, teardown);
  if (!["unchanged", "updated"].includes(prepared.result))
    return { result: "failed", stackName: name, step: prepared, services: [] };

  const services = outputs.ClusterName ? await ports.services.removeServices(outputs.ClusterName) : [];
  await removeReleaseLeftovers(ports.leftovers, name, outputs.ClusterName, [
    ...new Set([...services, ...Object.keys(m.services)]),
  ]);
  const dashboard = await deleteDashboardStack(m, ports.cloudFormation, options);
  if (dashboard) return { result: "failed", stackName: name, step: dashboard, services };
  // The service stacks go before the environment stack: they use its network and listeners.
  const deleted = await deleteServiceStacks(
    m,
    ports.cloudFormation,
    await ownServiceStacks(m, ports.cloudFormation, []),
    options,
  );
  const failed = deleted.find((d) => d.result !== "deleted");
  if (failed) return { result: "failed", stackName: name, step: failed, services };
  if (options.deleteData) {
    for (const output of [
      // Never an existing bucket: its name is an output too, but it is not the environment's to empty.
      ...ownedBuckets(m).map((bucket) => `${logicalId(bucket)}BucketName`),
      "AccessLogsBucketName",
    ]) {
      const physical = outputs[output];
      if (physical) await ports.buckets.empty(physical);
    }
  }
  const environment = await deleteStack(ports.cloudFormation, name, deployContext(options));
  if (environment) return { result: "failed", stackName: name, step: environment, services };
  const untouched = existingData(m).map((data) => `${data}: not berth's, left as it was`);
  const kept = [...(options.deleteData ? [] : keptData(m, outputs)), ...keptServiceLogs(m), ...untouched];
  return { result: "destroyed", stackName: name, services, kept };
}

/**
 * An interrupted destroy can leave service stacks behind the environment stack it deleted
 * last but one step too early (or a person deleted it by hand): those stacks, found by their
 * `<app>-<env>-` prefix and confirmed ours by their tags, are deleted as the next destroy
 * would have. Their ECS services went with the cluster in the environment stack.
 */
async function destroyLeftServiceStacks(
  m: Manifest,
  cloudFormation: CloudFormationPort,
  options: InfrastructureOptions,
): Promise<DestroyOutcome> {
  const name = stackName(m.app, m.environment);
  const left = await ownServiceStacks(m, cloudFormation, []);
  // A plan of an environment never applied left its stack empty, awaiting review (no resources).
  const awaiting = (await cloudFormation.describeStack(name))?.status === "REVIEW_IN_PROGRESS";
  const dashboard = await cloudFormation.describeStack(dashboardStackName(m.app, m.environment));
  if (left.length === 0 && !dashboard && !awaiting) return { result: "absent", stackName: name };
  // The dashboard's stack, when an interrupted destroy left it, goes first as it would have.
  const dashboardFailed = dashboard ? await deleteDashboardStack(m, cloudFormation, options) : undefined;
  if (dashboardFailed) return { result: "failed", stackName: name, step: dashboardFailed, services: [] };
  const deleted = await deleteServiceStacks(m, cloudFormation, left, options);
  const failed = deleted.find((d) => d.result !== "deleted");
  if (failed) return { result: "failed", stackName: name, step: failed, services: [] };
  const empty = awaiting ? await deleteStack(cloudFormation, name, deployContext(options)) : undefined;
  if (empty) return { result: "failed", stackName: name, step: empty, services: [] };
  const leftStacks = [
    ...(dashboard ? [dashboardStackName(m.app, m.environment)] : []),
    ...deleted.map((d) => d.stackName),
    ...(awaiting ? [name] : []),
  ];
  return { result: "destroyed", stackName: name, services: [], kept: [], leftStacks };
}

/** Nothing a release created outlives the environment: scaling, the wake alarms, the task definition families. */
async function removeReleaseLeftovers(
  port: ReleaseLeftoversPort,
  stack: string,
  cluster: string | undefined,
  services: string[],
): Promise<void> {
  for (const service of services) {
    if (cluster) await port.removeScaling(scalingResourceId(cluster, service));
    await port.deregisterFamily(taskFamily(stack, service));
  }
  if (cluster) await port.deleteAlarms(services.map((service) => wakeAlarmName(cluster, service)));
}

/**
 * Production's service log groups, which every stack deletion keeps (src/render/services.ts),
 * --delete-data too: the record of what ran is not the environment's data to drop with it.
 */
function keptServiceLogs(m: Manifest): string[] {
  if (m.environment !== PRODUCTION) return [];
  return Object.keys(m.services).map((service) => {
    const group = serviceLogGroupName(m.app, m.environment, service);
    return `logs of ${service}: ${group} (30 days; aws logs delete-log-group --log-group-name ${group} drops them now)`;
  });
}

/** What outlives the environment when data is kept, for the user to find again. */
function keptData(m: Manifest, outputs: Record<string, string>): string[] {
  const kept: string[] = [];
  if (m.database && !m.database.existing && !m.preview) kept.push(finalSnapshot(m, outputs.DatabaseEndpoint));
  for (const bucket of ownedBuckets(m))
    kept.push(`bucket ${bucket}: ${outputs[`${logicalId(bucket)}BucketName`] ?? "(its S3 bucket)"}`);
  if (outputs.AccessLogsBucketName) kept.push(`load balancer access logs: ${outputs.AccessLogsBucketName}`);
  if (!m.preview)
    for (const [queue, q] of Object.entries(m.queues))
      if (q.deadLetter)
        kept.push(
          `dead-letter queue of ${queue}: ${outputs[`${logicalId(queue)}DeadLetterQueueUrl`] ?? "(its SQS queue)"}`,
        );
  if (!m.preview)
    for (const volume of Object.keys(m.volumes).filter((v) => !m.volumes[v]?.existing))
      kept.push(`volume ${volume}: ${outputs[`${logicalId(volume)}FileSystemId`] ?? "(its EFS file system)"}`);
  return kept;
}

/**
 * CloudFormation takes the final snapshot as it deletes the cluster (DeletionPolicy Snapshot)
 * and reports no id; the cluster's identifier (the first label of its endpoint) finds it.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
 */
function finalSnapshot(m: Manifest, endpoint: string | undefined): string {
  const cluster = endpoint?.split(".")[0];
  if (!cluster) return "database: a final snapshot of the Aurora cluster (RDS console, Snapshots)";
  const region = m.region ? ` --region ${m.region}` : "";
  return [
    `database: a final snapshot of Aurora cluster ${cluster}; its id:`,
    `      aws rds describe-db-cluster-snapshots --db-cluster-identifier ${cluster} --snapshot-type manual${region} --query 'DBClusterSnapshots[].DBClusterSnapshotIdentifier'`,
    `    restore it into a new cluster with:`,
    `      aws rds restore-db-cluster-from-snapshot --db-cluster-identifier ${cluster}-restored --snapshot-identifier SNAPSHOT_ID --engine ${m.database!.engine}${region}`,
  ].join("\n");
}
