import type { Manifest } from "../../manifest/types.js";
import { renderApplication } from "../../render/render.js";
import { applyingStacks } from "../apply-stack.js";
import { changeStacks, SETTLED_WELL } from "../change-stacks.js";
import type { EnvironmentOptions, EnvironmentOutcome, EnvironmentPorts } from "../environment-port.js";
import type { CloudFormationPort } from "../infrastructure/cloudformation-port.js";
import type { KeptChangeSet } from "../infrastructure/kept-change-set.js";
import { prepareEnvironment, type SameRun } from "../prepare-environment.js";
import { releaseAfterStacks } from "../release-after-stacks.js";
import { upgradeView } from "../upgrade/upgrade-layout.js";
import { boundToPlan, unchangedAsPlanned } from "./bound-to-plan.js";
import type { EnvironmentPlan } from "./environment-plan.js";

/**
 * A plan carried out: `berth apply` of a saved plan (plan-check.ts found it still holds),
 * or `berth deploy`'s own, planned moments ago in the same run (`sameRun`: what it made and
 * read). The stacks change in the plan's order (change-stacks.ts) over ports bound to it
 * (bound-to-plan.ts) — its change sets, its images, and for a saved plan its task
 * definitions and nothing else — then the releases (release-after-stacks.ts). The stacks
 * the plan left in REVIEW_IN_PROGRESS keep their CREATE change set, which is executed; any
 * other such stack is an abandoned plan's, replaced (docs/architecture.md, "Plan and apply").
 */
export async function applyPlan(
  plan: EnvironmentPlan,
  m: Manifest,
  ports: EnvironmentPorts,
  options: Omit<EnvironmentOptions, "awaitingApply">,
  sameRun?: SameRun,
): Promise<EnvironmentOutcome> {
  const awaitingApply = new Set(plan.stacks.filter((s) => s.changeSet?.type === "CREATE").map((s) => s.stackName));
  const bound = boundToPlan(plan, m, ports, sameRun ? "following" : "exactly");
  try {
    return await carryOut(plan, m, bound.ports, { ...options, awaitingApply }, sameRun);
  } finally {
    // A deploy leaves none of its plan behind; a saved plan's change sets stay for a rerun.
    if (sameRun) await discardChangeSets(bound.unexecuted(), ports.cloudFormation);
  }
}

async function carryOut(
  plan: EnvironmentPlan,
  m: Manifest,
  ports: EnvironmentPorts,
  options: EnvironmentOptions,
  sameRun: SameRun | undefined,
): Promise<EnvironmentOutcome> {
  const first = sameRun ? { ok: true as const, rendered: sameRun.made.rendered } : renderApplication(m);
  if (!first.ok) return { ok: false, problems: first.problems, stacks: [] };
  // A saved plan's apply asks CloudFormation again for a stack the plan found unchanged, and
  // refuses any change there: time has passed since the plan. A deploy's has not.
  const executing = applyingStacks(ports.cloudFormation, options);
  const applying = sameRun ? unchangedAsPlanned(plan, executing) : executing;
  const ready = await prepareEnvironment(m, first.rendered, ports, options, applying, sameRun);
  if (!ready.ok) return ready.outcome;
  const { prepared } = ready;
  const { before, step, upgrade, releasing } = prepared;
  const stacks = await changeStacks(m, first.rendered, before, ports, applying, step, upgrade);
  if (!stacks.environmentOk || !releasing) {
    const all = [...prepared.stacks, ...stacks.all];
    const upgrading = upgrade ? { upgrading: upgradeView(upgrade) } : {};
    return {
      ok: all.every((s) => SETTLED_WELL.has(s.result)),
      stacks: all,
      images: prepared.pushed.images,
      ...upgrading,
    };
  }
  return releaseAfterStacks(m, first.rendered, { ...prepared, releasing }, stacks, ports);
}

/**
 * The change sets of a deploy's plan that were not executed (a stack failed or was
 * declined first): deleted, and a stack that only such a change set made (still
 * REVIEW_IN_PROGRESS, no resources) deleted with it, so a failed deploy leaves nothing of
 * its plan behind. Best effort: one left is harmless — executing a change set deletes the
 * stack's others, and the next plan replaces a stack awaiting review — so a failure here
 * never hides the deploy's own outcome.
 */
export async function discardChangeSets(kept: KeptChangeSet[], cloudFormation: CloudFormationPort): Promise<void> {
  await Promise.allSettled(
    kept.map(async ({ stackName, changeSet }) => {
      const stack = await cloudFormation.describeStack(stackName);
      if (stack?.status === "REVIEW_IN_PROGRESS") await cloudFormation.deleteStack(stackName);
      else if (stack && changeSet) await cloudFormation.deleteChangeSet(stackName, changeSet.name);
    }),
  );
}
