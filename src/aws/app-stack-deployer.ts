import { deployInfrastructure, type InfrastructureOptions } from "../deployers/infrastructure/deploy-infrastructure.js";
import { UserError } from "../exit-codes.js";
import type { Manifest } from "../manifest/types.js";
import { renderAppStack } from "../render/app-stack.js";
import { appStackName } from "../render/names.js";
import { toYaml } from "../render/template-yaml.js";
import { cloudFormationPort } from "./cloudformation.js";
import type { AwsSettings } from "./settings.js";

/**
 * Brings the app stack (berth's table and the image repositories) up to date, at most once
 * per run: for a push that finds a repository missing, and for a first deploy, whose lock
 * lives in that table. Both keep their data when replaced or removed (DeletionPolicy
 * Retain), so no question is asked; a stack that needs repair is left to `berth deploy`,
 * which asks.
 */
export function appStackDeployer(m: Manifest, settings: AwsSettings, progress: Pick<InfrastructureOptions, "emit"> = {}): () => Promise<void> {
  let deployed: Promise<void> | undefined;
  return () =>
    (deployed ??= (async () => {
      const template = renderAppStack(m);
      const stackName = appStackName(m.app);
      const outcome = await deployInfrastructure(cloudFormationPort(settings), { stackName, templateBody: toYaml(template), tags: { "berth:app": m.app } }, { ...progress, confirm: async () => false, pollMs: 2_000 });
      if (!["created", "updated", "unchanged"].includes(outcome.result)) {
        throw new UserError(`the app stack ${stackName}, which holds berth's table and the image repositories, could not be brought up to date (${outcome.result})`, 1, "run berth deploy, which shows why and can repair it");
      }
    })());
}
