import type { Manifest } from "../../manifest/types.js";
import type { CloudFormationPort } from "../infrastructure/cloudformation-port.js";
import type { KeptChangeSet } from "../infrastructure/kept-change-set.js";
import { latestEventId } from "../infrastructure/follow-stack.js";
import type { Found } from "../preflight.js";
import { PLAN_FORMAT, type EnvironmentPlan } from "./environment-plan.js";
import { manifestHash } from "./plan-environment.js";

export interface PlanCheckPorts {
  cloudFormation: Pick<CloudFormationPort, "describeStack" | "describeChangeSet" | "describeStackEvents">;
  imageExists(pinnedRef: string): Promise<Found>;
}

export interface PlanCheck {
  /** Why the plan no longer holds: apply refuses it, changing nothing. */
  stale: string[];
  /** Said, not fatal (another berth version; an image whose registry could not be asked). */
  notes: string[];
}

/**
 * Whether a saved plan still describes what apply would do, read before anything changes:
 * the same manifest, every stack as it was planned against (its id, status, last update and
 * newest event: any operation since adds one), every change set still there and executable,
 * every image still in its registry. Executing a change set deletes the stack's others
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ExecuteChangeSet.html),
 * so a deploy in between makes a saved plan unexecutable: expected, and said so.
 */
export async function checkPlan(
  plan: EnvironmentPlan,
  m: Manifest,
  berthVersion: string,
  ports: PlanCheckPorts,
): Promise<PlanCheck> {
  const stale: string[] = [];
  const notes: string[] = [];
  if (plan.format !== PLAN_FORMAT)
    return { stale: [`it is a ${plan.format} document; this berth reads ${PLAN_FORMAT}`], notes };
  if (plan.app !== m.app || plan.environment !== m.environment)
    return { stale: [`it plans ${plan.app} ${plan.environment}, not ${m.app} ${m.environment}`], notes };
  if (!plan.images)
    return {
      stale: ["it was printed, not saved for apply: only berth plan --out keeps change sets and pins images"],
      notes,
    };
  if (plan.manifestHash !== manifestHash(m)) stale.push("the manifest (or a variable it reads) changed since the plan");
  if (plan.berthVersion !== berthVersion)
    notes.push(
      `the plan was made by berth ${plan.berthVersion}, this is ${berthVersion}: templates and task definitions are checked by hash`,
    );
  const stacks = await Promise.all(plan.stacks.map((s) => stackChanges(s, ports.cloudFormation)));
  stale.push(...stacks.flat());
  for (const [service, image] of Object.entries(plan.images)) {
    const found = await ports.imageExists(image);
    if (found === "missing") stale.push(`${service}'s image ${image} is no longer in its registry`);
    else if (found !== "exists")
      notes.push(
        `${service}'s image ${image} could not be checked (${found === "denied" ? "access denied" : found.unknown})`,
      );
  }
  return { stale, notes };
}

async function stackChanges(
  planned: KeptChangeSet,
  cloudFormation: PlanCheckPorts["cloudFormation"],
): Promise<string[]> {
  const { stackName, changeSet } = planned;
  if (!changeSet) return [];
  const now = await cloudFormation.describeStack(stackName);
  if (!now) return [`the stack ${stackName} no longer exists (it was deleted since the plan)`];
  const before = planned.stack;
  const changed: string[] = [];
  if (before) {
    if (now.stackId !== before.stackId)
      changed.push(`the stack ${stackName} was deleted and created again since the plan`);
    else if (now.status !== before.status)
      changed.push(`the stack ${stackName} is ${now.status}, planned against ${before.status}`);
    else if (
      now.lastUpdated !== before.lastUpdated ||
      (await latestEventId(cloudFormation, stackName)) !== before.lastEventId
    )
      changed.push(
        `the stack ${stackName} was updated since the plan${now.lastUpdated ? ` (at ${now.lastUpdated})` : ""}`,
      );
  }
  const state = await cloudFormation.describeChangeSet(stackName, changeSet.name).catch((error: unknown) => {
    if (error instanceof Error && /does not exist|not found/i.test(error.message)) return undefined;
    throw error;
  });
  if (!state || (changeSet.id && state.id && state.id !== changeSet.id))
    changed.push(
      `the change set ${changeSet.name} of ${stackName} no longer exists: executing a change set deletes the stack's others, so another deploy ran since the plan`,
    );
  else if (state.status !== "CREATE_COMPLETE" || (state.executionStatus && state.executionStatus !== "AVAILABLE"))
    changed.push(
      `the change set ${changeSet.name} of ${stackName} cannot be executed (${state.executionStatus ?? state.status})`,
    );
  return changed;
}
