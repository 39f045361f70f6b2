import type { Manifest } from "../manifest/types.js";
import { appStackName } from "../manifest/names.js";
import type { Rendered } from "../render/render.js";
import { checkAccountQuotas } from "./account-quotas/account-quotas.js";
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
import { checkOrderableVersion } from "./orderable-version.js";
import { preflight } from "./preflight.js";
import { deployPreviewBase, stackToCheckQuotasFor } from "./previews/preview-base.js";
import { previewChangeProblems } from "./previews/priority-collisions.js";
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

/** What a deploy has done and read before its stacks change, and what its releases need of it. */
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

/**
 * Everything a deploy does before the environment's stacks change, in this order: the app
 * stack (the image repositories must exist before a push), the images (pre-flight checks
 * what they reference), pre-flight and the account's quotas (before anything in the
 * environment changes), the previews' base, the releases in flight settled (ECS owns the
 * listener weights meanwhile, and the stack updates read them back), the 0.1.0 layout
 * move confirmed, and the services the manifest dropped removed (before the environment
 * stack, whose resources they use). Stops with the outcome to report at the first failure.
 */
export async function prepareEnvironment(
  m: Manifest,
  rendered: Rendered,
  ports: EnvironmentPorts,
  options: EnvironmentOptions,
): Promise<{ ok: true; prepared: Prepared } | { ok: false; outcome: EnvironmentOutcome }> {
  const step = options.onStep ?? (() => {});
  const applying = applyingStacks(ports.cloudFormation, options);
  const stop = (outcome: EnvironmentOutcome) => ({ ok: false as const, outcome });

  step("app-stack");
  const appTags = { "berth:app": m.app };
  const app = await applying({ stackName: appStackName(m.app), template: rendered.appTemplate, tags: appTags });
  if (!SETTLED_WELL.has(app.result)) return stop({ ok: false, stacks: [app] });

  step("images");
  const pushed = await ports.pushImages();
  const images = { images: pushed.images };
  if (ports.preflight && ports.release) {
    const checked = await preflight(m, pushed.images, (await ports.release.identity()).region, ports.preflight);
    if (checked.problems.length > 0) return stop({ ok: false, stacks: [app], ...images, preflight: checked });
    if (checked.unchecked.length > 0) options.onPreflight?.(checked);
  }

  step("environment-stack");
  const before = await readEnvironmentStacks(m, ports.cloudFormation);
  const newStack = await stackToCheckQuotasFor(m, rendered, before.environment === undefined, ports.cloudFormation);
  if (newStack && ports.account && ports.release) {
    const region = (await ports.release.identity()).region;
    const problems = await checkAccountQuotas(newStack, region, ports.account);
    if (problems.length > 0)
      return stop({ ok: false, stacks: [app], ...images, preflight: { problems, unchecked: [] } });
  }
  if (!before.environment && ports.preflight && ports.release) {
    const orderable = await checkOrderableVersion(m, (await ports.release.identity()).region, ports.preflight);
    if (orderable.problems.length > 0) return stop({ ok: false, stacks: [app], ...images, preflight: orderable });
    if (orderable.unchecked.length > 0) options.onPreflight?.(orderable);
  }
  if (rendered.previewBase) {
    const problems = await previewChangeProblems(
      m,
      rendered,
      before.environment,
      ports.cloudFormation,
      ports.listenerPriorities,
    );
    if (problems.length > 0)
      return stop({ ok: false, stacks: [app], ...images, preflight: { problems, unchecked: [] } });
  }
  const base = await deployPreviewBase(m, rendered, ports.cloudFormation, applying);
  if (base && !SETTLED_WELL.has(base.result)) return stop({ ok: false, stacks: [app, base], ...images });
  const outputs = mergedOutputs(m, before);
  const context = releaseContext(m, options);
  const releasing = ports.release ? { ...ports.release, rules: ports.listenerRules } : undefined;
  // ECS owns the listener weights while a release is in flight: finish those releases
  // before the stack updates read the weights back, so they never write mid-release ones.
  const settled = releasing && outputs.ClusterName ? await settleAll(m, outputs, releasing, context) : {};
  const upgrade = await detectLayoutUpgrade(m, rendered, before.environment !== undefined, ports.cloudFormation);
  if (upgrade && !(await confirmLayoutUpgrade(m, upgrade, options)))
    return stop({
      ok: false,
      stacks: [app],
      releases: upgrade.services.map(upgradeDeclined),
      upgrading: upgradeView(upgrade),
    });
  const removal = await removeDroppedServices(m, ports.cloudFormation, outputs, ports.services, options);
  if (!removal.ok) return stop({ ok: false, stacks: [app, ...removal.deleted], releases: removal.outcomes });
  const stacks = [app, ...(base ? [base] : []), ...removal.deleted];
  const prepared = { applying, step, pushed, before, stacks, removed: removal.outcomes, releasing, context };
  return { ok: true, prepared: { ...prepared, settled, upgrade } };
}

function upgradeDeclined(service: string): ServiceOutcome {
  const reason = "its move to a service stack was not confirmed (answer yes, or pass --yes in CI); nothing changed";
  return { service, result: "failed", reason };
}
