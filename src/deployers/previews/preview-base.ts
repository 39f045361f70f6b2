import { PREVIEW_ENV } from "../../manifest/environments.js";
import { MAIN_LOAD_BALANCER, stackName } from "../../manifest/names.js";
import type { Manifest } from "../../manifest/types.js";
import { MAX_LISTENER_PORT, PREVIEW_PORT_BASE, previewListenerPort } from "../../render/preview-base.js";
import { previewCapacity, quotaName } from "../../render/preview-capacity.js";
import type { PreflightProblem } from "../preflight.js";
import { PREVIEWS_BASE_ENVIRONMENT, previewBaseStackName } from "../../render/preview-names.js";
import type { Rendered } from "../../render/render.js";
import type { Template } from "../../render/template.js";
import type { CloudFormationPort, StackState } from "../infrastructure/cloudformation-port.js";
import { deleteStack, deployContext, type InfrastructureOptions } from "../infrastructure/deploy-infrastructure.js";
import type { InfrastructureOutcome } from "../infrastructure/events.js";
import { parametersOf, type StackStep } from "../stack-step.js";

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
  port: Pick<CloudFormationPort, "describeStack">,
  step: StackStep,
): Promise<InfrastructureOutcome | undefined> {
  if (!rendered.previewBase) return undefined;
  const stack = {
    stackName: previewBaseStackName(m.app),
    template: rendered.previewBase,
    tags: previewBaseTags(m.app),
  };
  const before = await port.describeStack(stack.stackName);
  try {
    const outcome = await step({ ...stack, exists: before !== undefined });
    if (outcome.result !== "failed" || !(await busyNow(port, stack.stackName))) return outcome;
  } catch (error) {
    // Refused outright: another deploy created the base since it was read, or is changing it.
    if (!(before === undefined ? await port.describeStack(stack.stackName) : await busyNow(port, stack.stackName)))
      throw error;
  }
  // Two previews deployed at once both bring the base up: the one that lost the race waits for
  // the other's operation (a busy stack is waited for), then finds the base done or adds what
  // is still missing.
  return step(stack);
}

async function busyNow(port: Pick<CloudFormationPort, "describeStack">, name: string): Promise<boolean> {
  return (await port.describeStack(name))?.status.endsWith("_IN_PROGRESS") === true;
}

/**
 * The stack whose creation the account's quotas are checked for: a new environment's, or a
 * preview's shared base when it does not exist yet (a preview's own stack creates no VPC
 * or load balancer).
 */
export async function stackToCheckQuotasFor(
  m: Manifest,
  rendered: Rendered,
  environmentIsNew: boolean,
  port: Pick<CloudFormationPort, "describeStack">,
): Promise<Rendered["template"] | undefined> {
  if (!rendered.previewBase) return environmentIsNew ? rendered.template : undefined;
  return (await port.describeStack(previewBaseStackName(m.app))) ? undefined : rendered.previewBase;
}

/**
 * The parameters of a preview's environment stack: the base's outputs. Undefined for a
 * stack with no parameters. Unknown (`parametersKnown: false`) in a plan while the base does
 * not exist yet or awaits review, or lacks an output the plan adds to it: apply makes the
 * environment stack's change set once the base is up to date.
 */
export async function previewStackParameters(
  m: Manifest,
  template: Template,
  port: Pick<CloudFormationPort, "describeStack">,
): Promise<ReturnType<typeof parametersOf> | undefined> {
  if (template.Parameters === undefined) return undefined;
  const base = await port.describeStack(previewBaseStackName(m.app));
  return parametersOf(template, base?.status === "REVIEW_IN_PROGRESS" ? {} : (base?.outputs ?? {}));
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
  const previews = await existingPreviews(app, port);
  if (previews.length > 0) return { result: "refused", stackName, previews };
  const failed = await deleteStack(port, stackName, deployContext(options));
  return failed ? { result: "failed", stackName, step: failed } : { result: "destroyed", stackName };
}

/**
 * Before a preview's environment stack changes: a new one must fit on the base
 * (previewRoomProblems); one an earlier berth deployed as a whole environment (its stack
 * holds its own VPC and load balancer, and takes no parameter) is not moved onto the base in
 * place, which would delete its network and database under its services.
 */
export async function previewStackProblems(
  m: Manifest,
  template: Template,
  existing: StackState | undefined,
  port: Pick<CloudFormationPort, "listStackNames">,
): Promise<PreflightProblem[]> {
  if (!existing) return previewRoomProblems(m, port);
  if (!deployedAsWholeEnvironment(template, existing)) return [];
  return [
    {
      about: "previews' base",
      reference: `${stackName(m.app, m.environment)}: a whole environment`,
      message: `${m.environment} was deployed by an earlier berth with a network, load balancer and database of its own; previews now share ${previewBaseStackName(m.app)}`,
      fix: `berth destroy -e ${m.environment} --yes, then deploy it again: it comes back on the shared base`,
    },
  ];
}

/**
 * A preview's stack an earlier berth deployed as a whole environment: it takes no parameter,
 * where a stack on the base takes the base's (the rendered template declares them).
 */
export function deployedAsWholeEnvironment(template: Template, existing: StackState): boolean {
  return template.Parameters !== undefined && Object.keys(existing.parameters ?? {}).length === 0;
}

/**
 * Before a new preview's stack is created: whether the base's load balancers hold one more
 * preview of this manifest (src/render/preview-capacity.ts), counting the previews that exist.
 */
export async function previewRoomProblems(
  m: Manifest,
  port: Pick<CloudFormationPort, "listStackNames">,
): Promise<PreflightProblem[]> {
  const capacity = previewCapacity(m);
  if (!capacity) return [];
  const listenerPort = previewListenerPort(m);
  if (listenerPort > MAX_LISTENER_PORT)
    return [
      {
        about: "previews' load balancer",
        reference: `${m.environment}: listener port ${listenerPort}`,
        message: `a preview listens on port ${PREVIEW_PORT_BASE} + its number, and ports end at ${MAX_LISTENER_PORT}`,
        fix: `deploy this pull request as a preview numbered below ${MAX_LISTENER_PORT - PREVIEW_PORT_BASE + 1} (-e pr-<n>)`,
      },
    ];
  const existing = await existingPreviews(m.app, port);
  if (existing.length < capacity.fits) return [];
  const on =
    capacity.loadBalancer === MAIN_LOAD_BALANCER ? "the load balancer" : `load balancer ${capacity.loadBalancer}`;
  return [
    {
      about: "previews' load balancer",
      reference: `${previewBaseStackName(m.app)}: ${quotaName(capacity.quota)}`,
      message: `${capacity.fits} previews of this manifest fit on ${on} (each takes ${capacity.perPreview}), and ${existing.length} exist: ${existing.join(", ")}`,
      fix: "destroy a preview first (berth previews lists them; berth destroy --expired removes the old ones)",
      hint: "or put some web services on another load balancer (http.loadBalancer), which the base creates beside the first",
    },
  ];
}

async function existingPreviews(app: string, port: Pick<CloudFormationPort, "listStackNames">): Promise<string[]> {
  const prefix = `${app}-`;
  return (await port.listStackNames(`${prefix}pr-`))
    .map((name) => name.slice(prefix.length))
    .filter((environment) => PREVIEW_ENV.test(environment));
}
