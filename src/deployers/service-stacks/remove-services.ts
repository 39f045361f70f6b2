import type { Manifest } from "../../manifest/types.js";
import { dashboardStackName, serviceStackName, stackName } from "../../manifest/names.js";
import type { ServicesPort } from "../destroy-port.js";
import type { CloudFormationPort } from "../infrastructure/cloudformation-port.js";
import { deleteStack, deployContext, type InfrastructureOptions } from "../infrastructure/deploy-infrastructure.js";
import type { InfrastructureOutcome } from "../infrastructure/events.js";
import type { ServiceOutcome } from "../release/release-service.js";
import { mapBounded, settleBounded, STACKS_AT_ONCE } from "./bounded.js";
import { serviceStackOwnership } from "./ownership.js";

/**
 * The service stacks of this environment, by service, among those whose name starts with
 * `<app>-<env>-`: one ListStacks, then one DescribeStacks per stack that is not of a manifest
 * service, to read the tags that say whose it is (ownership.ts). `keep` are the services whose
 * stacks are not wanted here (those of the manifest).
 */
export async function ownServiceStacks(
  m: Manifest,
  cloudFormation: Pick<CloudFormationPort, "listStackNames" | "describeStack">,
  keep: string[],
): Promise<string[]> {
  const prefix = `${stackName(m.app, m.environment)}-`;
  const kept = new Set(keep.map((s) => serviceStackName(m.app, m.environment, s)));
  // The dashboard's stack shares the prefix but is no service's (deployers/dashboard-stack.ts).
  kept.add(dashboardStackName(m.app, m.environment));
  const candidates = (await cloudFormation.listStackNames(prefix)).filter((name) => !kept.has(name));
  const stacks = await mapBounded(candidates, STACKS_AT_ONCE, (name) => cloudFormation.describeStack(name));
  return candidates
    .map((name) => name.slice(prefix.length))
    .filter((service, i) => serviceStackOwnership(stacks[i], m.app, m.environment, service).kind === "ours");
}

export interface DroppedServices {
  /** ECS services the manifest no longer names. */
  services: string[];
  /** Their stacks, and the stacks an interrupted removal left behind (their services already gone). */
  stacks: string[];
}

export interface Removal extends DroppedServices {
  ok: boolean;
  outcomes: ServiceOutcome[];
  deleted: InfrastructureOutcome[];
}

/** What a deploy would remove (a plan shows it): reads only. */
export async function findDroppedServices(
  m: Manifest,
  cloudFormation: Pick<CloudFormationPort, "listStackNames" | "describeStack">,
  outputs: Record<string, string>,
  port: Pick<ServicesPort, "listServices"> | undefined,
): Promise<DroppedServices> {
  const cluster = outputs.ClusterName;
  const services =
    port && cluster ? (await port.listServices(cluster)).filter((name) => !(name in m.services)).sort() : [];
  const stacks = cluster ? await ownServiceStacks(m, cloudFormation, Object.keys(m.services)) : [];
  return { services, stacks };
}

/**
 * Services the manifest no longer names: shown, confirmed like other destructive changes,
 * then each ECS service scaled down and deleted with its scaling, then its service stack —
 * the service uses the stack's security group and roles until it is gone. All of it before
 * the environment stack update. A stack whose service could not be removed stays.
 */
export async function removeDroppedServices(
  m: Manifest,
  cloudFormation: CloudFormationPort,
  outputs: Record<string, string>,
  port: ServicesPort | undefined,
  options: InfrastructureOptions,
  /** Found by the plan this removal carries out, in the same run; absent, found here. */
  found?: DroppedServices,
): Promise<Removal> {
  const cluster = outputs.ClusterName;
  const { services, stacks } = found ?? (await findDroppedServices(m, cloudFormation, outputs, port));
  const planned = { services, stacks, outcomes: [] as ServiceOutcome[], deleted: [] as InfrastructureOutcome[] };
  if (services.length === 0 && stacks.length === 0) return { ok: true, ...planned };
  const question = { kind: "remove-services" as const, stackName: stackName(m.app, m.environment), services, stacks };
  if (!(await options.confirm(question))) {
    const reason = "no longer in the manifest; its removal was not confirmed (answer yes, or pass --yes in CI)";
    const outcomes = services.map((service): ServiceOutcome => ({ service, result: "failed", reason }));
    return { ...planned, ok: false, outcomes };
  }
  const outcomes = port && cluster ? await removeEcsServices(port, cluster, services) : [];
  const failed = new Set(outcomes.filter((o) => o.result !== "removed").map((o) => o.service));
  const deleted = await deleteServiceStacks(
    m,
    cloudFormation,
    stacks.filter((s) => !failed.has(s)),
    options,
  );
  const ok = failed.size === 0 && deleted.every((d) => d.result === "deleted");
  return { ok, services, stacks, outcomes, deleted };
}

async function removeEcsServices(port: ServicesPort, cluster: string, services: string[]): Promise<ServiceOutcome[]> {
  const results = await Promise.allSettled(services.map((service) => port.removeService(cluster, service)));
  return services.map((service, i): ServiceOutcome => {
    const result = results[i];
    if (result?.status === "fulfilled") return { service, result: "removed" };
    const reason = result?.reason instanceof Error ? result.reason.message : String(result?.reason);
    return { service, result: "failed", reason: `could not be removed: ${reason}` };
  });
}

/** Service stacks deleted a few at a time, each followed to its end; one failing does not stop the others. */
export async function deleteServiceStacks(
  m: Manifest,
  cloudFormation: CloudFormationPort,
  services: string[],
  options: InfrastructureOptions,
): Promise<InfrastructureOutcome[]> {
  const context = deployContext(options);
  const names = services.map((s) => serviceStackName(m.app, m.environment, s));
  const settled = await settleBounded(names, STACKS_AT_ONCE, async (name): Promise<InfrastructureOutcome> => {
    return (await deleteStack(cloudFormation, name, context)) ?? { result: "deleted", stackName: name };
  });
  return settled.map((r, i): InfrastructureOutcome => {
    if (r.status === "fulfilled") return r.value;
    const stackName = names[i]!;
    const reason = r.reason instanceof Error ? r.reason.message : String(r.reason);
    const rootCause = { logicalId: stackName, resourceType: "AWS::CloudFormation::Stack", status: "FAILED", reason };
    return { result: "failed", stackName, status: "DELETE_FAILED", rootCause };
  });
}
