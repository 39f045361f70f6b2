import { UserError } from "../exit-codes.js";
import { appStackName } from "../manifest/names.js";
import type { Manifest } from "../manifest/types.js";
import { renderAppStack } from "../render/app-stack.js";
import { toYaml } from "../render/template-yaml.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import { deployInfrastructure } from "./infrastructure/deploy-infrastructure.js";
import type { InfrastructureEvent } from "./infrastructure/events.js";

/**
 * Brings the app stack (the image repositories) up to date, for a push that finds a
 * repository missing; its progress is emitted like any stack's. Nothing there holds data a
 * change could lose, so no question is asked; a stack that needs repair is left to
 * `berth deploy`, which asks.
 */
export async function deployAppStack(m: Manifest, cloudFormation: CloudFormationPort, emit: (event: InfrastructureEvent) => void): Promise<void> {
  const template = renderAppStack(m);
  if (!template) return;
  const stackName = appStackName(m.app);
  const outcome = await deployInfrastructure(cloudFormation, { stackName, templateBody: toYaml(template), tags: { "berth:app": m.app } }, { confirm: async () => false, pollMs: 2_000, emit });
  if (!["created", "updated", "unchanged"].includes(outcome.result)) {
    throw new UserError(`the app stack ${stackName}, which holds the image repositories, could not be brought up to date (${outcome.result})`, 1, "run berth deploy, which shows why and can repair it");
  }
}
