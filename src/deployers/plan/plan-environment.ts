import { createHash } from "node:crypto";
import type { Manifest } from "../../manifest/types.js";
import { appStackName, stackName } from "../../manifest/names.js";
import { renderApplication, type Rendered } from "../../render/render.js";
import { changeStacks, SETTLED_WELL } from "../change-stacks.js";
import type { EnvironmentOutcome } from "../deploy-environment.js";
import type { EnvironmentStep, PushedImages } from "../environment-port.js";
import type { PlanningOptions } from "../infrastructure/deploy-context.js";
import type { KeptChangeSet } from "../infrastructure/kept-change-set.js";
import { deployPreviewBase } from "../previews/preview-base.js";
import { previewChangeProblems } from "../previews/priority-collisions.js";
import { mergedOutputs, readEnvironmentOutputs, readEnvironmentStacks } from "../service-stacks/environment-stacks.js";
import { findDroppedServices, type DroppedServices } from "../service-stacks/remove-services.js";
import { detectLayoutUpgrade, upgradeView } from "../upgrade/upgrade-layout.js";
import { PLAN_FORMAT, type EnvironmentPlan } from "./environment-plan.js";
import type { PlanPorts } from "./plan-port.js";
import { planReleases } from "./plan-releases.js";
import { planningStacks } from "./plan-stack.js";

export type PlanOptions = Omit<PlanningOptions, "keep"> & {
  onStep?: (step: EnvironmentStep) => void;
  /** `--out`: keep the change sets and push the images, for `berth apply` to carry out. */
  keep: boolean;
  berthVersion: string;
  now?: () => Date;
};

/**
 * `berth plan`: everything a deploy would do, changing nothing that runs. The stacks'
 * change sets are created (kept for apply, or deleted), the releases worked out against what
 * serves; nothing is executed, registered or updated — `ports` offers no such operation, and
 * nothing is asked: the questions are apply's.
 */
export async function planEnvironment(
  m: Manifest,
  ports: PlanPorts,
  options: PlanOptions,
): Promise<{ outcome: EnvironmentOutcome; plan?: EnvironmentPlan }> {
  const rendered = renderApplication(m);
  if (!rendered.ok) return { outcome: { ok: false, problems: rendered.problems, stacks: [] } };
  const kept: KeptChangeSet[] = [];
  const pushed = options.keep && ports.pushImages ? await ports.pushImages() : undefined;
  const { keep, berthVersion: _version, now: _now, onStep: _step, ...following } = options;
  const planning = planningStacks(ports.cloudFormation, {
    ...following,
    ...(keep ? { keep: (k: KeptChangeSet) => void kept.push(k) } : {}),
  });
  const outcome = await planStacks(m, rendered.rendered, ports, planning, options.onStep ?? (() => {}));
  const identity = await ports.identity();
  const { outputs } = await readEnvironmentOutputs(m, ports.cloudFormation);
  const releases = await planReleases(m, rendered.rendered, pushed, outputs, identity, ports.serving, {
    changing: changingStacks(outcome.stacks),
  });
  const plan: EnvironmentPlan = {
    format: PLAN_FORMAT,
    berthVersion: options.berthVersion,
    app: m.app,
    environment: m.environment,
    region: identity.region,
    manifestHash: manifestHash(m),
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    ...imagesOf(pushed),
    stacks: inApplyOrder(m, kept),
    changes: outcome.stacks,
    removing: outcome.removing ?? [],
    removingStacks: outcome.removingStacks ?? [],
    ...(outcome.upgrading ? { upgrading: outcome.upgrading } : {}),
    releases,
  };
  return { outcome: { ...outcome, ...(pushed ? { images: pushed.images } : {}) }, plan };
}

/**
 * The stacks as a deploy would change them, in its order (deploy-environment.ts), each one
 * planned: the app stack, the previews' base, the removals (listed, not made), then the
 * environment, service and dashboard stacks (change-stacks.ts). What a deploy does between
 * them that changes what runs — pushing images, settling releases in flight, asking — is not
 * here: apply does it.
 */
async function planStacks(
  m: Manifest,
  rendered: Rendered,
  ports: PlanPorts,
  planning: ReturnType<typeof planningStacks>,
  step: (step: EnvironmentStep) => void,
): Promise<EnvironmentOutcome> {
  step("app-stack");
  const app = await planning({
    stackName: appStackName(m.app),
    template: rendered.appTemplate,
    tags: { "berth:app": m.app },
  });
  if (!SETTLED_WELL.has(app.result)) return { ok: false, stacks: [app] };
  step("environment-stack");
  const before = await readEnvironmentStacks(m, ports.cloudFormation);
  if (rendered.previewBase) {
    const problems = await previewChangeProblems(
      m,
      rendered,
      before.environment,
      ports.cloudFormation,
      ports.listenerPriorities,
    );
    if (problems.length > 0) return { ok: false, stacks: [app], preflight: { problems, unchecked: [] } };
  }
  const base = await deployPreviewBase(m, rendered, ports.cloudFormation, planning);
  if (base && !SETTLED_WELL.has(base.result)) return { ok: false, stacks: [app, base] };
  const upgrade = await detectLayoutUpgrade(m, rendered, before.environment !== undefined, ports.cloudFormation);
  const dropped = await findDroppedServices(m, ports.cloudFormation, mergedOutputs(m, before), ports.services);
  const reads = { ...ports, release: { schedules: ports.schedules } };
  const stacks = await changeStacks(m, rendered, before, reads, planning, step, upgrade);
  const all = [app, ...(base ? [base] : []), ...stacks.all];
  return {
    ok: all.every((s) => SETTLED_WELL.has(s.result)),
    stacks: all,
    ...plannedRemoval(dropped),
    ...(upgrade ? { upgrading: upgradeView(upgrade) } : {}),
  };
}

function plannedRemoval(dropped: DroppedServices): Pick<EnvironmentOutcome, "removing" | "removingStacks"> {
  return {
    ...(dropped.services.length > 0 ? { removing: dropped.services } : {}),
    ...(dropped.stacks.length > 0 ? { removingStacks: dropped.stacks } : {}),
  };
}

/** The sha256 of the environment's manifest as berth reads it (environment merged, variables filled in). */
export function manifestHash(m: Manifest): string {
  return createHash("sha256").update(JSON.stringify(m)).digest("hex");
}

function imagesOf(pushed: PushedImages | undefined): Pick<EnvironmentPlan, "images" | "pullCredentials"> {
  if (!pushed) return {};
  return { images: pushed.images, ...(pushed.pullCredentials ? { pullCredentials: pushed.pullCredentials } : {}) };
}

/** App stack, environment stack, then the service stacks by name: the order a deploy changes them. */
function inApplyOrder(m: Manifest, kept: KeptChangeSet[]): KeptChangeSet[] {
  const order = [appStackName(m.app), stackName(m.app, m.environment)];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return [...kept].sort((a, b) => rank(a.stackName) - rank(b.stackName) || a.stackName.localeCompare(b.stackName));
}

/** The stacks the plan would change: their outputs, which the task definitions read, may change with them. */
function changingStacks(stacks: EnvironmentOutcome["stacks"]): Set<string> {
  return new Set(
    stacks.flatMap((o) => {
      if (o.result !== "planned") return [];
      const { added, modified, replaced, removed } = o.summary;
      return added.length + modified.length + replaced.length + removed.length > 0 ? [o.stackName] : [];
    }),
  );
}
