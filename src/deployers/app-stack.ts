import { UserError } from "../exit-codes.js";
import { appStackName } from "../manifest/names.js";
import type { Manifest } from "../manifest/types.js";
import { renderAppStack } from "../render/app-stack.js";
import { toYaml } from "../render/template-yaml.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import { deployInfrastructure } from "./infrastructure/deploy-infrastructure.js";
import type { InfrastructureEvent } from "./infrastructure/events.js";

/**
 * Brings the app stack (berth's table and the image repositories) up to date: for a push
 * that finds a repository missing, and for a first deploy, whose lock lives in that table.
 * Its progress is emitted like any stack's. Both keep their data when replaced or removed
 * (DeletionPolicy Retain), so no question is asked; a stack that needs repair is left to
 * `berth deploy`, which asks.
 */
export async function deployAppStack(
  m: Manifest,
  cloudFormation: CloudFormationPort,
  emit: (event: InfrastructureEvent) => void,
): Promise<void> {
  const stackName = appStackName(m.app);
  const template = toYaml(renderAppStack(m));
  const outcome = await deployInfrastructure(
    cloudFormation,
    { stackName, templateBody: template, tags: { "berth:app": m.app } },
    { confirm: async () => false, pollMs: 2_000, emit },
  );
  if (!["created", "updated", "unchanged"].includes(outcome.result)) {
    const what = `the app stack ${stackName}, which holds berth's table and the image repositories, could not be brought up to date (${outcome.result})`;
    throw new UserError(what, 1, "run berth deploy, which shows why and can repair it");
  }
}

/** `deployAppStack` at most once per run, however many steps ask for it. */
export function appStackBootstrap(
  m: Manifest,
  cloudFormation: CloudFormationPort,
  emit: (event: InfrastructureEvent) => void = () => {},
): () => Promise<void> {
  let deployed: Promise<void> | undefined;
  return () => (deployed ??= deployAppStack(m, cloudFormation, emit));
}
