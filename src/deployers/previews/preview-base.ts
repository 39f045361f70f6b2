import { PREVIEW_ENV } from "../../manifest/environments.js";
import type { Manifest } from "../../manifest/types.js";
import { PREVIEWS_BASE_ENVIRONMENT, previewBaseStackName } from "../../render/preview-names.js";
import type { Rendered } from "../../render/render.js";
import { serviceStackParameters } from "../../render/service-stack.js";
import type { Template } from "../../render/template.js";
import { applyStack } from "../apply-stack.js";
import type { CloudFormationPort } from "../infrastructure/cloudformation-port.js";
import { deleteStack, deployContext, type InfrastructureOptions } from "../infrastructure/deploy-infrastructure.js";
import type { InfrastructureOutcome } from "../infrastructure/events.js";

/** Tags of the base stack: an environment of its own, `previews`, that `berth previews` never lists. */
export function previewBaseTags(app: string): Record<string, string> {
  return { "berth:app": app, "berth:environment": PREVIEWS_BASE_ENVIRONMENT };
}

/**
 * A preview's deploy brings the shared base (`<app>-previews`, src/render/preview-base.ts) to
 * the manifest first: the first preview creates it; later ones find it up to date, or add
 * what their manifest needs of it. Undefined for an environment that is not on the base.
 */
export async function deployPreviewBase(
  m: Manifest,
  rendered: Rendered,
  port: CloudFormationPort,
  options: InfrastructureOptions,
): Promise<InfrastructureOutcome | undefined> {
  if (!rendered.previewBase) return undefined;
  const stack = {
    stackName: previewBaseStackName(m.app),
    template: rendered.previewBase,
    tags: previewBaseTags(m.app),
  };
  return applyStack(port, stack, options);
}

/**
 * The parameters of a preview's environment stack: the base's outputs. Undefined for a
 * stack with no parameters, or a diff of a preview whose base does not exist yet (the plan
 * then shows the environment stack whole).
 */
export async function previewStackParameters(
  m: Manifest,
  template: Template,
  port: Pick<CloudFormationPort, "describeStack">,
): Promise<Record<string, string> | undefined> {
  if (template.Parameters === undefined) return undefined;
  const name = previewBaseStackName(m.app);
  const base = await port.describeStack(name);
  if (!base) return undefined;
  return serviceStackParameters(template, base.outputs ?? {});
}

export type BaseDestroyOutcome =
  | { result: "absent"; stackName: string }
  /** Previews still run on the base: nothing was touched. */
  | { result: "refused"; stackName: string; previews: string[] }
  | { result: "destroyed"; stackName: string }
  | { result: "failed"; stackName: string; step: InfrastructureOutcome };

/**
 * `berth destroy --previews-base`: the base goes only when no preview is left on it (their
 * stacks take its VPC, load balancer and cluster as parameters; deleting it under them would
 * fail halfway). A stack of that name whose tags say it is not this app's base is left alone.
 */
export async function destroyPreviewBase(
  app: string,
  port: CloudFormationPort,
  options: InfrastructureOptions,
): Promise<BaseDestroyOutcome> {
  const stackName = previewBaseStackName(app);
  const base = await port.describeStack(stackName);
  const tags = previewBaseTags(app);
  if (!base || Object.entries(tags).some(([key, value]) => base.tags?.[key] !== value))
    return { result: "absent", stackName };
  const prefix = `${app}-`;
  const previews = (await port.listStackNames(`${prefix}pr-`))
    .map((name) => name.slice(prefix.length))
    .filter((environment) => PREVIEW_ENV.test(environment));
  if (previews.length > 0) return { result: "refused", stackName, previews };
  const failed = await deleteStack(port, stackName, deployContext(options));
  return failed ? { result: "failed", stackName, step: failed } : { result: "destroyed", stackName };
}
