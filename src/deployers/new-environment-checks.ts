import type { Manifest } from "../manifest/types.js";
import type { Rendered } from "../render/render.js";
import type { AccountPort } from "./account-quotas/account-port.js";
import { checkAccountQuotas } from "./account-quotas/account-quotas.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import { checkOrderableVersion } from "./orderable-version.js";
import type { PreflightPort, PreflightResult } from "./preflight-port.js";
import { previewChangeProblems } from "./previews/priority-collisions.js";
import type { ListenerPrioritiesPort } from "./previews/listener-priorities-port.js";
import { stackToCheckQuotasFor } from "./previews/preview-base.js";
import type { EnvironmentStacks } from "./service-stacks/environment-stacks.js";

export interface EnvironmentCheckPorts {
  cloudFormation: Pick<CloudFormationPort, "describeStack" | "listStackNames">;
  account?: AccountPort | undefined;
  preflight?: PreflightPort | undefined;
  listenerPriorities?: ListenerPrioritiesPort | undefined;
  region?: (() => Promise<string>) | undefined;
}

/**
 * The reads that refuse an environment's change before its stacks are touched: a new
 * environment (or previews' base) within the account's quotas, a new database at a version
 * RDS still offers, and a preview's listener priorities free. A plan makes them before its
 * change sets; `berth apply` again before it carries a saved plan out (time has passed).
 */
export async function environmentCheckProblems(
  m: Manifest,
  rendered: Rendered,
  before: EnvironmentStacks,
  ports: EnvironmentCheckPorts,
): Promise<PreflightResult> {
  const region = ports.region ? await ports.region() : undefined;
  const newStack = await stackToCheckQuotasFor(m, rendered, before.environment === undefined, ports.cloudFormation);
  if (newStack && ports.account && region !== undefined) {
    const problems = await checkAccountQuotas(newStack, region, ports.account);
    if (problems.length > 0) return { problems, unchecked: [] };
  }
  let unchecked: string[] = [];
  if (!before.environment && ports.preflight && region !== undefined) {
    const orderable = await checkOrderableVersion(m, region, ports.preflight);
    if (orderable.problems.length > 0) return orderable;
    unchecked = orderable.unchecked;
  }
  if (rendered.previewBase) {
    const problems = await previewChangeProblems(
      m,
      rendered,
      before.environment,
      ports.cloudFormation,
      ports.listenerPriorities,
    );
    if (problems.length > 0) return { problems, unchecked: [] };
  }
  return { problems: [], unchecked };
}
