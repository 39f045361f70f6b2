import type { Problem } from "../manifest/problem.js";
import type { Manifest } from "../manifest/types.js";
import { appStackName } from "../manifest/names.js";
import { renderApplication, type Rendered } from "../render/render.js";
import { tagReleasedImages, type ImageTagPort } from "../images/release-tags.js";
import type { ServicesPort } from "./destroy-environment.js";
import type { AccountPort } from "./account-quotas/account-port.js";
import { checkAccountQuotas } from "./account-quotas/account-quotas.js";
import { checkOrderableVersion } from "./orderable-version.js";
import { preflight, type PreflightPort, type PreflightResult } from "./preflight.js";
import { mixedServices } from "./release/one-version.js";
import {
  placeholderValues,
  releaseAll,
  releaseContext,
  returnAll,
  settleAll,
  withDiagnoses,
  type Releasing,
} from "./release/release-environment.js";
import type { ReleaseContext, ServiceOutcome } from "./release/release-service.js";
import { runReleaseTasks, type ReleaseGate } from "./one-off/release-gate.js";
import { schedulesFollowServing, type SchedulesFollowed } from "./schedules/follow-serving.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import type { InfrastructureOutcome } from "./infrastructure/events.js";
import type { ListenerRulePort } from "./live-traffic.js";
import { applyStack } from "./apply-stack.js";
import { deployEnvironmentStack } from "./environment-stack.js";
import { deployDashboardStack } from "./dashboard-stack.js";
import { deployPreviewBase, previewStackProblems, stackToCheckQuotasFor } from "./previews/preview-base.js";
import type { ListenerPrioritiesPort } from "./previews/listener-priorities-port.js";
import { previewPriorityProblems } from "./previews/priority-collisions.js";
import { deployServiceStacks, type ServiceStackResult } from "./service-stacks/deploy-service-stacks.js";
import { mergedOutputs, readEnvironmentStacks } from "./service-stacks/environment-stacks.js";
import { removeDroppedServices } from "./service-stacks/remove-services.js";
import type { EnvironmentOptions, EnvironmentStep, PushedImages, ReleasePorts } from "./environment-port.js";
import {
  applyTransition,
  confirmLayoutUpgrade,
  detectLayoutUpgrade,
  leaveLegacyWiring,
  type LayoutUpgrade,
} from "./upgrade/upgrade-layout.js";

export type { EnvironmentOptions, EnvironmentStep, PushedImages, ReleasePorts } from "./environment-port.js";

/** What bringing an environment up to date needs from the outside world. */
export interface EnvironmentPorts {
  cloudFormation: CloudFormationPort;
  listenerRules: ListenerRulePort;
  /** Builds and pushes what is missing; every service's image pinned by digest, and the pull secret for another registry. */
  pushImages(): Promise<PushedImages>;
  /** Releasing the services once the stacks are up to date; absent, deploy stops at the infrastructure. */
  release?: ReleasePorts;
  /** Tags what a release put live, so the repositories' lifecycle policy keeps it; absent, nothing is tagged. */
  imageTags?: ImageTagPort;
  /** The environment's ECS services, to remove those the manifest no longer names. */
  services?: ServicesPort;
  /** Reads that pre-flight makes before anything in the environment changes. */
  preflight?: PreflightPort;
  /** The account's Regional usage and quotas, read before a new environment's stack is created. */
  account?: AccountPort;
  /** The rules on the previews' shared listeners, read before a preview on a domain changes; absent, not checked. */
  listenerPriorities?: ListenerPrioritiesPort;
}

export interface EnvironmentOutcome {
  ok: boolean;
  /** Manifest problems found while rendering (overrides that do not apply): nothing was touched. */
  problems?: Problem[];
  stacks: InfrastructureOutcome[];
  images?: Record<string, string>;
  releases?: ServiceOutcome[];
  /** Services that a deploy would remove (diff), because the manifest no longer names them. */
  removing?: string[];
  /** Service stacks that a deploy would delete (diff): those of the services above, and any an interrupted removal left. */
  removingStacks?: string[];
  /**
   * Services left on the new version while another stayed behind on the one before: the
   * environment runs mixed versions (deploy.atomic: false, a new service, a failed return).
   */
  mixed?: string[];
  /** What pre-flight found missing: nothing in the environment was changed. */
  preflight?: PreflightResult;
  /** Schedules pointed at what serves after the releases (deployers/schedules/), when any moved or could not. */
  schedules?: SchedulesFollowed;
  /** An environment berth 0.1.0 created, moving to service stacks (deployers/upgrade/). */
  upgrading?: Pick<LayoutUpgrade, "services" | "recreated"> & { deleting: number };
}

const SETTLED_WELL = new Set(["unchanged", "created", "updated", "planned", "deleted"]);

/**
 * `berth deploy`: the app stack with the image repositories, then the images, then the
 * stacks (environment, then each service's), then a release of every service that changed
 * and whose stack is fine. With `execute: false` it is `berth diff`: change sets only,
 * nothing pushed or released (docs/architecture.md, "The data flow of berth deploy").
 */
export async function deployEnvironment(
  m: Manifest,
  ports: EnvironmentPorts,
  options: EnvironmentOptions,
): Promise<EnvironmentOutcome> {
  // Render once before touching AWS: a manifest whose overrides do not apply changes nothing.
  const first = renderApplication(m);
  if (!first.ok) return { ok: false, problems: first.problems, stacks: [] };
  const step = options.onStep ?? (() => {});

  step("app-stack");
  const appTags = { "berth:app": m.app };
  const app = await applyStack(
    ports.cloudFormation,
    { stackName: appStackName(m.app), template: first.rendered.appTemplate, tags: appTags },
    options,
  );
  if (!SETTLED_WELL.has(app.result)) return { ok: false, stacks: [app] };

  let pushed: PushedImages | undefined;
  if (options.execute !== false) {
    step("images");
    pushed = await ports.pushImages();
  }
  if (pushed && ports.preflight && ports.release) {
    const checked = await preflight(m, pushed.images, (await ports.release.identity()).region, ports.preflight);
    if (checked.problems.length > 0) return { ok: false, stacks: [app], images: pushed.images, preflight: checked };
    if (checked.unchecked.length > 0) options.onPreflight?.(checked);
  }

  step("environment-stack");
  const images = pushed ? { images: pushed.images } : {};
  const before = await readEnvironmentStacks(m, ports.cloudFormation);
  const newStack = await stackToCheckQuotasFor(
    m,
    first.rendered,
    before.environment === undefined,
    ports.cloudFormation,
  );
  if (newStack && pushed && ports.account && ports.release) {
    const region = (await ports.release.identity()).region;
    const problems = await checkAccountQuotas(newStack, region, ports.account);
    if (problems.length > 0)
      return { ok: false, stacks: [app], images: pushed.images, preflight: { problems, unchecked: [] } };
  }
  if (!before.environment && pushed && ports.preflight && ports.release) {
    const orderable = await checkOrderableVersion(m, (await ports.release.identity()).region, ports.preflight);
    if (orderable.problems.length > 0) return { ok: false, stacks: [app], images: pushed.images, preflight: orderable };
    if (orderable.unchecked.length > 0) options.onPreflight?.(orderable);
  }
  if (first.rendered.previewBase) {
    const problems = await previewStackProblems(m, first.rendered.template, before.environment, ports.cloudFormation);
    if (problems.length === 0 && ports.listenerPriorities)
      problems.push(
        ...(await previewPriorityProblems(m, first.rendered, ports.cloudFormation, ports.listenerPriorities)),
      );
    if (problems.length > 0) return { ok: false, stacks: [app], ...images, preflight: { problems, unchecked: [] } };
  }
  const base = await deployPreviewBase(m, first.rendered, ports.cloudFormation, options);
  if (base && !SETTLED_WELL.has(base.result)) return { ok: false, stacks: [app, base], ...images };
  const baseStacks = base ? [base] : [];
  const outputs = mergedOutputs(m, before);
  const context = releaseContext(m, options);
  const releasing = pushed && ports.release ? { ...ports.release, rules: ports.listenerRules } : undefined;
  // ECS owns the listener weights while a release is in flight: finish those releases
  // before the stack updates read the weights back, so they never write mid-release ones.
  const settled = releasing && outputs.ClusterName ? await settleAll(m, outputs, releasing, context) : {};
  const upgrade = await detectLayoutUpgrade(m, first.rendered, before.environment !== undefined, ports.cloudFormation);
  const upgrading = upgrade ? { upgrading: upgradeView(upgrade) } : {};
  if (upgrade && options.execute !== false && !(await confirmLayoutUpgrade(m, upgrade, options)))
    return { ok: false, stacks: [app], releases: upgrade.services.map(upgradeDeclined), ...upgrading };
  const removal = await removeDroppedServices(m, ports.cloudFormation, outputs, ports.services, options);
  const removing = options.execute === false ? plannedRemoval(removal) : {};
  if (!removal.ok) return { ok: false, stacks: [app, ...removal.deleted], releases: removal.outcomes };

  const stacks = await deployStacks(m, first.rendered, before, ports, step, options, upgrade);
  const all = [app, ...baseStacks, ...removal.deleted, ...stacks.all];
  if (!stacks.environmentOk || !pushed || !releasing)
    return { ok: all.every((s) => SETTLED_WELL.has(s.result)), stacks: all, ...images, ...removing, ...upgrading };

  const current = { ...stacks.environmentOutputs };
  for (const s of stacks.services) Object.assign(current, s.outputs);
  const held = stacks.services.filter((s) => !SETTLED_WELL.has(s.outcome.result)).map(notReleased);
  const ready = Object.keys(m.services).filter((name) => !held.some((h) => h.service === name));
  // Release tasks (migrations) run before anything is released, the legacy wiring's removal included.
  const gate = await gateOnReleaseTasks(m, first.rendered, pushed, current, releasing, context, ready, step);
  let diagnosed = gate.ok ? [] : gate.outcomes;
  if (gate.ok) {
    step("release");
    const movable = (upgrade?.recreated ?? []).filter((name) => !held.some((h) => h.service === name));
    held.push(...(await leaveLegacyWiring(movable, current, releasing.checks.release, ports.services)));
    const fine = ready.filter((name) => !held.some((h) => h.service === name));
    const releasingContext = { ...context, registered: gate.registered };
    const released = await releaseAll(m, first.rendered, pushed, current, releasing, releasingContext, settled, fine);
    diagnosed = await withDiagnoses(m, released, current, releasing.diagnosis);
  }
  // One version per environment: what this deploy released returns when another service stayed behind.
  const together = await returnAll(m, first.rendered, pushed, current, releasing, context, [...held, ...diagnosed]);
  const releases = [...removal.outcomes, ...together];
  const mixed = mixedServices(together);
  const schedules = await schedulesFollowServing(m, current, releasing.checks.release, releasing.schedules);
  let ok =
    all.every((s) => SETTLED_WELL.has(s.result)) &&
    releases.every((r) => r.result === "released" || r.result === "unchanged" || r.result === "removed");
  if (ports.imageTags) await keepReleasedImages(ports.imageTags, m.environment, releases, pushed.images);
  // The old wiring goes only once every service runs on its own stack's: a rerun continues from here.
  if (upgrade && ok) {
    step("environment-stack");
    const finished = await deployEnvironmentStack(m, first.rendered, { exists: true, outputs: {} }, ports, options);
    all.push(finished);
    ok = SETTLED_WELL.has(finished.result);
  }
  return {
    ok,
    stacks: all,
    ...images,
    releases,
    ...(mixed.length > 0 ? { mixed } : {}),
    ...(schedules ? { schedules } : {}),
    ...upgrading,
  };
}

/** The release tasks (deployers/one-off/release-gate.ts), when any service has one: they gate every release. */
async function gateOnReleaseTasks(
  m: Manifest,
  rendered: Rendered,
  pushed: PushedImages,
  outputs: Record<string, string>,
  releasing: Releasing,
  context: ReleaseContext,
  names: string[],
  step: (step: EnvironmentStep) => void,
): Promise<ReleaseGate> {
  if (!names.some((name) => m.services[name]?.release)) return { ok: true, registered: {} };
  if (!releasing.tasks) throw new Error("a service has a release task, but the deploy was given no port to run it");
  step("release-tasks");
  const values = await placeholderValues(pushed, outputs, releasing);
  const ports = { release: releasing.checks.release, tasks: releasing.tasks };
  return runReleaseTasks(m, rendered, values, ports, context, names);
}

/**
 * The order of the stack updates (docs/architecture.md): the environment stack, whose
 * outputs are the service stacks' parameters, then the service stacks, a few at a time,
 * then the dashboard's stack, whose parameters are both's outputs.
 * A failed environment stack stops here: no service stack changes against it.
 */
async function deployStacks(
  m: Manifest,
  initial: Rendered,
  before: Awaited<ReturnType<typeof readEnvironmentStacks>>,
  ports: EnvironmentPorts,
  step: (step: EnvironmentStep) => void,
  options: EnvironmentOptions,
  upgrade: LayoutUpgrade | undefined,
) {
  const live = { exists: before.environment !== undefined, outputs: before.environment?.outputs ?? {} };
  const environment = upgrade
    ? await applyTransition(m, initial, upgrade, ports.cloudFormation, options)
    : await deployEnvironmentStack(m, initial, live, ports, options);
  if (!SETTLED_WELL.has(environment.result))
    return { environmentOk: false, all: [environment], services: [], environmentOutputs: live.outputs };
  // An unchanged stack still has the outputs read before; a created or updated one is read again.
  const environmentOutputs =
    environment.result === "created" || environment.result === "updated"
      ? ((await ports.cloudFormation.describeStack(environment.stackName))?.outputs ?? {})
      : live.outputs;
  if (Object.keys(initial.services).length > 0) step("service-stacks");
  const services = await deployServiceStacks(m, initial, before.services, environmentOutputs, ports, options);
  const all = [environment, ...services.map((s) => s.outcome)];
  // The dashboard graphs the service stacks' target groups: it waits for every one of them.
  if (services.every((s) => SETTLED_WELL.has(s.outcome.result))) {
    const outputs = Object.assign({ ...environmentOutputs }, ...services.map((s) => s.outputs)) as Record<
      string,
      string
    >;
    all.push(await deployDashboardStack(m, initial.dashboard, outputs, ports.cloudFormation, options));
  }
  return { environmentOk: true, all, services, environmentOutputs };
}

/** A service whose stack did not reach its template keeps serving what it served: releasing it would use stale wiring. */
function notReleased(s: ServiceStackResult): ServiceOutcome {
  return {
    service: s.service,
    result: "failed",
    reason: `not released: its stack ${s.outcome.stackName} did not update (see above); it keeps serving what it served`,
  };
}

function upgradeView(upgrade: LayoutUpgrade) {
  return { services: upgrade.services, recreated: upgrade.recreated, deleting: upgrade.deleting.length };
}

function upgradeDeclined(service: string): ServiceOutcome {
  const reason = "its move to a service stack was not confirmed (answer yes, or pass --yes in CI); nothing changed";
  return { service, result: "failed", reason };
}

function plannedRemoval(removal: { services: string[]; stacks: string[] }) {
  return {
    ...(removal.services.length > 0 ? { removing: removal.services } : {}),
    ...(removal.stacks.length > 0 ? { removingStacks: removal.stacks } : {}),
  };
}

/** What serves after the release (released, or already live) keeps a tag the ECR lifecycle policy never expires. */
async function keepReleasedImages(
  port: ImageTagPort,
  environment: string,
  releases: ServiceOutcome[],
  images: Record<string, string>,
): Promise<void> {
  const serving = releases
    .filter((r) => r.result === "released" || r.result === "unchanged")
    .flatMap((r) => images[r.service] ?? []);
  await tagReleasedImages(port, environment, serving);
}
