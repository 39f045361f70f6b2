import type { Manifest } from "../../manifest/types.js";
import { logicalId, stackName } from "../../manifest/names.js";
import type { Rendered } from "../../render/render.js";
import type { Template } from "../../render/template.js";
import type { ServicesPort } from "../destroy-port.js";
import type { CloudFormationPort } from "../infrastructure/cloudformation-port.js";
import type { InfrastructureOptions } from "../infrastructure/deploy-infrastructure.js";
import type { InfrastructureOutcome } from "../infrastructure/events.js";
import type { ReleasePort } from "../release/release-port.js";
import type { StackStep } from "../stack-step.js";
import type { ServiceOutcome } from "../release/release-service.js";
import { legacyResources, servicesInEnvironmentStack, transitionTemplate } from "./legacy-layout.js";

/**
 * An environment that berth 0.1.0 created (every service's wiring in the environment stack),
 * and what upgrading it to service stacks does (docs/architecture.md, "Upgrading from the
 * single-stack layout").
 */
export interface LayoutUpgrade {
  /** Services whose wiring the environment stack holds. */
  services: string[];
  /** Those of them with http: their ECS service is deleted and created again on the new target groups. */
  recreated: string[];
  /** The logical ids the last environment stack update deletes. */
  deleting: string[];
  deployed: Template;
}

/** One GetTemplate of an existing environment stack: undefined when no service's wiring is in it. */
export async function detectLayoutUpgrade(
  m: Manifest,
  rendered: Rendered,
  environmentExists: boolean,
  cloudFormation: Pick<CloudFormationPort, "getTemplate">,
): Promise<LayoutUpgrade | undefined> {
  if (!environmentExists || !cloudFormation.getTemplate) return undefined;
  const deployed = await cloudFormation.getTemplate(stackName(m.app, m.environment));
  const services = servicesInEnvironmentStack(deployed, rendered.services);
  if (!deployed || services.length === 0) return undefined;
  const recreated = services.filter((s) => m.services[s]?.http);
  return { services, recreated, deleting: legacyResources(rendered.template, deployed), deployed };
}

/** What a deploy's or a plan's outcome says of the upgrade. */
export function upgradeView(
  upgrade: LayoutUpgrade,
): Pick<LayoutUpgrade, "services" | "recreated"> & { deleting: number } {
  return { services: upgrade.services, recreated: upgrade.recreated, deleting: upgrade.deleting.length };
}

/** Shown and confirmed like other destructive changes: web services stop serving while they are recreated. */
export function confirmLayoutUpgrade(
  m: Manifest,
  upgrade: LayoutUpgrade,
  options: InfrastructureOptions,
): Promise<boolean> {
  const { services, recreated, deleting } = upgrade;
  return options.confirm({
    kind: "upgrade-layout",
    stackName: stackName(m.app, m.environment),
    services,
    recreated,
    deleting: deleting.length,
  });
}

/** The first environment stack update: the new template with the legacy wiring kept as deployed. */
export function applyTransition(
  m: Manifest,
  rendered: Rendered,
  upgrade: LayoutUpgrade,
  step: StackStep,
): Promise<InfrastructureOutcome> {
  return step({
    stackName: stackName(m.app, m.environment),
    template: transitionTemplate(rendered.template, upgrade.deployed),
    tags: { "berth:app": m.app, "berth:environment": m.environment },
    exists: true,
  });
}

/**
 * Each legacy web service's ECS service deleted (scaled to zero, with its scaling), so the
 * release creates it on its service stack's target groups: ECS cannot move a blue/green
 * service to other target groups in an update berth can follow. A service already on them
 * (a rerun after an interruption) is left alone. Returns the services that could not be removed.
 */
export async function leaveLegacyWiring(
  services: string[],
  outputs: Record<string, string>,
  release: Pick<ReleasePort, "describeService">,
  port: ServicesPort | undefined,
): Promise<ServiceOutcome[]> {
  const cluster = outputs.ClusterName ?? "";
  const failed: ServiceOutcome[] = [];
  for (const service of services) {
    const id = logicalId(service);
    const wanted = [outputs[`${id}TargetGroupA`], outputs[`${id}TargetGroupB`]];
    const live = await release.describeService(cluster, service);
    if (!live || (live.targetGroups ?? []).some((arn) => wanted.includes(arn))) continue;
    try {
      if (!port) throw new Error("this command cannot delete ECS services");
      await port.removeService(cluster, service);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failed.push({ service, result: "failed", reason: `not moved to its service stack: ${reason}; it keeps serving` });
    }
  }
  return failed;
}
