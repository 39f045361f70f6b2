import type { Manifest } from "../manifest/types.js";
import { appStackName } from "../manifest/names.js";
import type { Rendered } from "../render/render.js";
import { applyingStacks } from "./apply-stack.js";
import { SETTLED_WELL } from "./change-stacks.js";
import type {
  EnvironmentOptions,
  EnvironmentOutcome,
  EnvironmentPorts,
  EnvironmentStep,
  PushedImages,
} from "./environment-port.js";
import type { InfrastructureOutcome } from "./infrastructure/events.js";
import { environmentCheckProblems } from "./new-environment-checks.js";
import type { PlanRead } from "./plan/environment-plan.js";
import type { MadeForPlan } from "./plan/plan-environment.js";
import { preflight } from "./preflight.js";
import { deployPreviewBase } from "./previews/preview-base.js";
import type { SettledDeployment } from "./release/decide.js";
import { releaseContext, settleAll, type Releasing } from "./release/release-environment.js";
import type { ReleaseContext, ServiceOutcome } from "./release/release-service.js";
import { mergedOutputs, readEnvironmentStacks } from "./service-stacks/environment-stacks.js";
import { removeDroppedServices } from "./service-stacks/remove-services.js";
import type { StackStep } from "./stack-step.js";
import {
  confirmLayoutUpgrade,
  detectLayoutUpgrade,
  upgradeView,
  type LayoutUpgrade,
} from "./upgrade/upgrade-layout.js";

/** What an apply has done and read before its stacks change, and what its releases need of it. */
export interface Prepared {
  applying: StackStep;
  step: (step: EnvironmentStep) => void;
  pushed: PushedImages;
  before: Awaited<ReturnType<typeof readEnvironmentStacks>>;
  /** The app stack, the previews' base, the removed services' stacks. */
  stacks: InfrastructureOutcome[];
  removed: ServiceOutcome[];
  releasing: Releasing | undefined;
  context: ReleaseContext;
  settled: Record<string, SettledDeployment[]>;
  upgrade: LayoutUpgrade | undefined;
}

/** What `berth deploy`'s plan made and read, which its apply goes on from (same run, same lock). */
export interface SameRun {
  made: MadeForPlan;
  read: PlanRead;
}

type Stop = { ok: false; outcome: EnvironmentOutcome };
const stop = (outcome: EnvironmentOutcome): Stop => ({ ok: false, outcome });

/**
 * What a plan starts from, made in this order: the app stack (the image repositories must
 * exist before a push), the images, and pre-flight of what they reference — before anything
 * in the environment changes. `berth deploy` makes them before it plans; `berth apply`
 * again (the app stack must be as planned, the images are the plan's, pre-flight reads anew).
 */
export async function makePlanInputs(
  m: Manifest,
  rendered: Rendered,
  ports: EnvironmentPorts,
  options: EnvironmentOptions,
  applying: StackStep = applyingStacks(ports.cloudFormation, options),
): Promise<{ ok: true; made: MadeForPlan } | Stop> {
  const step = options.onStep ?? (() => {});
  step("app-stack");
  const app = await applying({
    stackName: appStackName(m.app),
    template: rendered.appTemplate,
    tags: { "berth:app": m.app },
  });
  if (!SETTLED_WELL.has(app.result)) return stop({ ok: false, stacks: [app] });
  step("images");
  const pushed = await ports.pushImages();
  if (ports.preflight && ports.release) {
    const checked = await preflight(m, pushed.images, (await ports.release.identity()).region, ports.preflight);
    if (checked.problems.length > 0)
      return stop({ ok: false, stacks: [app], images: pushed.images, preflight: checked });
    if (checked.unchecked.length > 0) options.onPreflight?.(checked);
  }
  return { ok: true, made: { rendered, app, pushed } };
}

/**
 * Apply's part before the environment's stacks change, in this order: what the plan started
 * from (made again for a saved plan), the environment's checks (a saved plan's, again), the
 * previews' base, the releases in flight settled (ECS owns the listener weights meanwhile,
 * and the stack updates read them back), the 0.1.0 layout move confirmed, and the services
 * the manifest dropped removed (before the environment stack, whose resources they use).
 * Stops with the outcome to report at the first failure.
 */
export async function prepareEnvironment(
  m: Manifest,
  rendered: Rendered,
  ports: EnvironmentPorts,
  options: EnvironmentOptions,
  applying: StackStep,
  sameRun: SameRun | undefined,
): Promise<{ ok: true; prepared: Prepared } | Stop> {
  const step = options.onStep ?? (() => {});
  const made = sameRun
    ? { ok: true as const, made: sameRun.made }
    : await makePlanInputs(m, rendered, ports, options, applying);
  if (!made.ok) return made;
  const { app, pushed } = made.made;
  const images = { images: pushed.images };

  step("environment-stack");
  const before = sameRun?.read.before ?? (await readEnvironmentStacks(m, ports.cloudFormation));
  if (!sameRun) {
    const identity = ports.release?.identity;
    const checked = await environmentCheckProblems(m, rendered, before, {
      ...ports,
      ...(identity ? { region: async () => (await identity()).region } : {}),
    });
    if (checked.problems.length > 0) return stop({ ok: false, stacks: [app], ...images, preflight: checked });
    if (checked.unchecked.length > 0) options.onPreflight?.(checked);
  }
  const base = await deployPreviewBase(m, rendered, ports.cloudFormation, applying);
  if (base && !SETTLED_WELL.has(base.result)) return stop({ ok: false, stacks: [app, base], ...images });
  const outputs = mergedOutputs(m, before);
  const context = releaseContext(m, options);
  const releasing = ports.release ? { ...ports.release, rules: ports.listenerRules } : undefined;
  // ECS owns the listener weights while a release is in flight: finish those releases
  // before the stack updates read the weights back, so they never write mid-release ones.
  const settled = releasing && outputs.ClusterName ? await settleAll(m, outputs, releasing, context) : {};
  const upgrade = sameRun
    ? sameRun.read.upgrade
    : await detectLayoutUpgrade(m, rendered, before.environment !== undefined, ports.cloudFormation);
  if (upgrade && !(await confirmLayoutUpgrade(m, upgrade, options)))
    return stop({
      ok: false,
      stacks: [app],
      releases: upgrade.services.map(upgradeDeclined),
      upgrading: upgradeView(upgrade),
    });
  const removal = await removeDroppedServices(
    m,
    ports.cloudFormation,
    outputs,
    ports.services,
    options,
    sameRun?.read.dropped,
  );
  if (!removal.ok) return stop({ ok: false, stacks: [app, ...removal.deleted], releases: removal.outcomes });
  const stacks = [app, ...(base ? [base] : []), ...removal.deleted];
  const prepared = { applying, step, pushed, before, stacks, removed: removal.outcomes, releasing, context };
  return { ok: true, prepared: { ...prepared, settled, upgrade } };
}

function upgradeDeclined(service: string): ServiceOutcome {
  const reason = "its move to a service stack was not confirmed (answer yes, or pass --yes in CI); nothing changed";
  return { service, result: "failed", reason };
}
