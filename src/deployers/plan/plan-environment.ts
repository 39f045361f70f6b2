import { createHash } from "node:crypto";
import type { Manifest } from "../../manifest/types.js";
import { appStackName, stackName } from "../../manifest/names.js";
import { renderApplication, type Rendered } from "../../render/render.js";
import { changeStacks, SETTLED_WELL } from "../change-stacks.js";
import type { EnvironmentOutcome } from "../environment-port.js";
import type { EnvironmentStep, PushedImages } from "../environment-port.js";
import type { PlanningOptions } from "../infrastructure/deploy-context.js";
import type { InfrastructureOutcome } from "../infrastructure/events.js";
import type { KeptChangeSet } from "../infrastructure/kept-change-set.js";
import { environmentCheckProblems } from "../new-environment-checks.js";
import type { PreflightResult } from "../preflight-port.js";
import { deployPreviewBase } from "../previews/preview-base.js";
import { mergedOutputs, readEnvironmentStacks } from "../service-stacks/environment-stacks.js";
import { findDroppedServices, type DroppedServices } from "../service-stacks/remove-services.js";
import { detectLayoutUpgrade, upgradeView } from "../upgrade/upgrade-layout.js";
import { withLayoutUpgrade } from "../upgrade/upgrade-plan.js";
import { PLAN_FORMAT, type EnvironmentPlan, type PlanRead } from "./environment-plan.js";
import type { PlanPorts } from "./plan-port.js";
import { planReleases } from "./plan-releases.js";
import { planningStacks } from "./plan-stack.js";

/** What `berth deploy` made before it plans (deploy-environment.ts): the plan starts from them. */
export interface MadeForPlan {
  rendered: Rendered;
  /** The app stack, brought up to date: its repositories hold the images. */
  app: InfrastructureOutcome;
  pushed: PushedImages;
}

export type PlanOptions = Omit<PlanningOptions, "keep"> & {
  onStep?: (step: EnvironmentStep) => void;
  /** `--out`: keep the change sets and push the images, for `berth apply` to carry out. */
  keep: boolean;
  berthVersion: string;
  now?: () => Date;
  made?: MadeForPlan;
  /** Told of references the environment's checks could not make (an API out of reach). */
  onPreflight?: (result: PreflightResult) => void;
};

/**
 * `berth plan`: everything a deploy would do, changing nothing that runs. The stacks'
 * change sets are created (kept for apply, or deleted), the releases worked out against what
 * serves; nothing is executed, registered or updated — `ports` offers no such operation, and
 * nothing is asked: the questions are apply's. Besides the plan, what it read: a deploy's
 * apply, in the same run and under the same lock, goes on from it rather than read it again.
 */
export async function planEnvironment(
  m: Manifest,
  ports: PlanPorts,
  options: PlanOptions,
): Promise<{ outcome: EnvironmentOutcome; plan?: EnvironmentPlan; read?: PlanRead }> {
  const made = options.made;
  const rendered = made ? { ok: true as const, rendered: made.rendered } : renderApplication(m);
  if (!rendered.ok) return { outcome: { ok: false, problems: rendered.problems, stacks: [] } };
  const kept: KeptChangeSet[] = [];
  const pushed = made?.pushed ?? (options.keep && ports.pushImages ? await ports.pushImages() : undefined);
  const {
    keep,
    berthVersion: _version,
    now: _now,
    onStep: _step,
    made: _made,
    onPreflight: _told,
    ...following
  } = options;
  const planning = planningStacks(ports.cloudFormation, {
    ...following,
    ...(keep ? { keep: (k: KeptChangeSet) => void kept.push(k) } : {}),
  });
  const planned = await planStacks(m, rendered.rendered, ports, planning, options);
  const { outcome, read } = planned;
  const identity = await ports.identity?.();
  // The plan changes nothing: the outputs the releases read are those read before. A plan
  // stopped before it read the stacks works out no release, nor does deploy's (`made`): its
  // apply works each release out as it makes it, against what serves once in-flight ones settle.
  const releases =
    identity && read && !made
      ? await planReleases(m, rendered.rendered, pushed, mergedOutputs(m, read.before), identity, ports.serving, {
          changing: changingStacks(outcome.stacks),
        })
      : [];
  const plan: EnvironmentPlan = {
    format: PLAN_FORMAT,
    berthVersion: options.berthVersion,
    app: m.app,
    environment: m.environment,
    region: identity?.region ?? "",
    manifestHash: manifestHash(m),
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    ...imagesOf(pushed),
    stacks: inApplyOrder(m, kept),
    changes: outcome.stacks,
    removing: outcome.removing ?? [],
    removingStacks: outcome.removingStacks ?? [],
    releases,
  };
  const upgrade = read?.upgrade;
  return {
    outcome: { ...outcome, ...(pushed ? { images: pushed.images } : {}) },
    plan: upgrade ? withLayoutUpgrade(plan, m, upgrade, rendered.rendered.template) : plan,
    ...(read ? { read } : {}),
  };
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
  options: PlanOptions,
): Promise<{ outcome: EnvironmentOutcome; read?: PlanRead }> {
  const step = options.onStep ?? (() => {});
  step("app-stack");
  const app =
    options.made?.app ??
    (await planning({ stackName: appStackName(m.app), template: rendered.appTemplate, tags: { "berth:app": m.app } }));
  if (!SETTLED_WELL.has(app.result)) return { outcome: { ok: false, stacks: [app] } };
  step("environment-stack");
  const before = await readEnvironmentStacks(m, ports.cloudFormation);
  const identity = ports.identity?.bind(ports);
  const checked = await environmentCheckProblems(m, rendered, before, {
    ...ports,
    ...(identity ? { region: async () => (await identity()).region } : {}),
  });
  if (checked.problems.length > 0) return { outcome: { ok: false, stacks: [app], preflight: checked } };
  if (checked.unchecked.length > 0) options.onPreflight?.(checked);
  const base = await deployPreviewBase(m, rendered, ports.cloudFormation, planning);
  if (base && !SETTLED_WELL.has(base.result)) return { outcome: { ok: false, stacks: [app, base] } };
  const upgrade = await detectLayoutUpgrade(m, rendered, before.environment !== undefined, ports.cloudFormation);
  const dropped = await findDroppedServices(m, ports.cloudFormation, mergedOutputs(m, before), ports.services);
  const reads = { ...ports, release: { schedules: ports.schedules } };
  const stacks = await changeStacks(m, rendered, before, reads, planning, step, upgrade);
  const all = [app, ...(base ? [base] : []), ...stacks.all];
  const outcome = {
    ok: all.every((s) => SETTLED_WELL.has(s.result)),
    stacks: all,
    ...plannedRemoval(dropped),
    ...(upgrade ? { upgrading: upgradeView(upgrade) } : {}),
  };
  return { outcome, read: { before, upgrade, dropped, environmentOk: stacks.environmentOk } };
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
