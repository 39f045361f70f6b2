import type { Manifest } from "../../manifest/types.js";
import { serviceStackName, stackName } from "../../manifest/names.js";
import type { CloudFormationPort, StackState } from "../infrastructure/cloudformation-port.js";
import { mapBounded } from "./bounded.js";
import { serviceStackOwnership } from "./ownership.js";

// DescribeStacks calls in flight at once when reading many service stacks: reads are cheap,
// but the same per-account throttle applies (see bounded.ts).
const READS_AT_ONCE = 10;

/** An environment's stacks as DescribeStacks answered: the environment stack and each service's stack. */
export interface EnvironmentStacks {
  environment: StackState | undefined;
  /** Service name → its stack (possibly someone else's: see ownership.ts), or undefined when none exists. */
  services: Record<string, StackState | undefined>;
}

/** One DescribeStacks for the environment stack and one per service, a few at a time. */
export async function readEnvironmentStacks(
  m: Manifest,
  cloudFormation: Pick<CloudFormationPort, "describeStack">,
  services: string[] = Object.keys(m.services),
): Promise<EnvironmentStacks> {
  const [environment, ...stacks] = await mapBounded(
    [stackName(m.app, m.environment), ...services.map((s) => serviceStackName(m.app, m.environment, s))],
    READS_AT_ONCE,
    async (name) => awaitingReview(await cloudFormation.describeStack(name)),
  );
  return { environment, services: Object.fromEntries(services.map((s, i) => [s, stacks[i]])) };
}

/**
 * A stack in REVIEW_IN_PROGRESS is one a CREATE change set made and nobody executed yet (a
 * plan kept for apply, or abandoned): no resources, no outputs. It is read as not there, and
 * creating it executes a change set on it (stack-plan.ts).
 */
function awaitingReview(stack: StackState | undefined): StackState | undefined {
  return stack?.status === "REVIEW_IN_PROGRESS" ? undefined : stack;
}

/**
 * What `{{stack:…}}` placeholders and every per-service read resolve against: the
 * environment stack's outputs with the outputs of each service stack of this environment.
 */
export function mergedOutputs(m: Manifest, stacks: EnvironmentStacks): Record<string, string> {
  const merged = { ...(stacks.environment?.outputs ?? {}) };
  for (const [service, stack] of Object.entries(stacks.services)) {
    if (serviceStackOwnership(stack, m.app, m.environment, service).kind === "ours")
      Object.assign(merged, stack?.outputs ?? {});
  }
  return merged;
}

/**
 * The one read behind every command that needs a service's outputs (release, rollback,
 * status, logs, the environment's URL): the environment stack, undefined when it does not
 * exist, and the outputs of it and of the services' stacks.
 */
export async function readEnvironmentOutputs(
  m: Manifest,
  cloudFormation: Pick<CloudFormationPort, "describeStack">,
  services: string[] = Object.keys(m.services),
): Promise<{ environment: StackState | undefined; outputs: Record<string, string> }> {
  const stacks = await readEnvironmentStacks(m, cloudFormation, services);
  return { environment: stacks.environment, outputs: mergedOutputs(m, stacks) };
}
