import type { Manifest } from "../manifest/types.js";
import { renderApplication } from "../render/render.js";
import { changeStacks, SETTLED_WELL } from "./change-stacks.js";
import type { EnvironmentOptions, EnvironmentOutcome, EnvironmentPorts } from "./environment-port.js";
import { prepareEnvironment } from "./prepare-environment.js";
import { releaseAfterStacks } from "./release-after-stacks.js";
import { upgradeView } from "./upgrade/upgrade-layout.js";

export type {
  EnvironmentOptions,
  EnvironmentOutcome,
  EnvironmentPorts,
  EnvironmentStep,
  PushedImages,
  ReleasePorts,
} from "./environment-port.js";

/**
 * `berth deploy` (docs/architecture.md, "The data flow of berth deploy"): what comes before
 * the stacks (the app stack, the images, pre-flight, releases in flight settled, removals:
 * prepare-environment.ts), then the stacks — environment, each service's, the dashboard —
 * each one's change set created, confirmed when it loses data, and executed
 * (change-stacks.ts with apply-stack.ts's step), then the releases (release-after-stacks.ts).
 * `berth plan` walks the same stacks with a step that cannot execute (plan/plan-environment.ts).
 */
export async function deployEnvironment(
  m: Manifest,
  ports: EnvironmentPorts,
  options: EnvironmentOptions,
): Promise<EnvironmentOutcome> {
  // Render once before touching AWS: a manifest whose overrides do not apply changes nothing.
  const first = renderApplication(m);
  if (!first.ok) return { ok: false, problems: first.problems, stacks: [] };
  const ready = await prepareEnvironment(m, first.rendered, ports, options);
  if (!ready.ok) return ready.outcome;
  const { prepared } = ready;
  const { before, applying, step, upgrade, releasing } = prepared;
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
