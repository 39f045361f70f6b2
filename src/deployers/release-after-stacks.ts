import type { Manifest } from "../manifest/types.js";
import type { Rendered } from "../render/render.js";
import { tagReleasedImages, type ImageTagPort } from "../images/release-tags.js";
import type { ChangedStacks } from "./change-stacks.js";
import { SETTLED_WELL } from "./change-stacks.js";
import { deployEnvironmentStack } from "./environment-stack.js";
import type { EnvironmentOutcome, EnvironmentPorts } from "./environment-port.js";
import { runReleaseTasks, type ReleaseGate } from "./one-off/release-gate.js";
import type { Prepared } from "./prepare-environment.js";
import { mixedServices } from "./release/one-version.js";
import {
  placeholderValues,
  releaseAll,
  returnAll,
  withDiagnoses,
  type Releasing,
} from "./release/release-environment.js";
import type { ServiceOutcome } from "./release/release-service.js";
import { schedulesFollowServing } from "./schedules/follow-serving.js";
import type { ServiceStackResult } from "./service-stacks/deploy-service-stacks.js";
import { leaveLegacyWiring, upgradeView } from "./upgrade/upgrade-layout.js";

/**
 * Once the stacks are up to date: the release tasks (migrations), then a release of every
 * service that changed and whose stack is fine, one version per environment, the schedules
 * pointed at what serves, what serves tagged, and — for a 0.1.0 environment moved to service
 * stacks — the old wiring's removal from the environment stack, last.
 */
export async function releaseAfterStacks(
  m: Manifest,
  rendered: Rendered,
  prepared: Prepared & { releasing: Releasing },
  stacks: ChangedStacks,
  ports: Pick<EnvironmentPorts, "cloudFormation" | "listenerRules" | "services" | "imageTags">,
): Promise<EnvironmentOutcome> {
  const { pushed, releasing, context, upgrade, step } = prepared;
  const all = [...prepared.stacks, ...stacks.all];
  const current = { ...stacks.environmentOutputs };
  for (const s of stacks.services) Object.assign(current, s.outputs);
  const held = stacks.services.filter((s) => !SETTLED_WELL.has(s.outcome.result)).map(notReleased);
  const ready = Object.keys(m.services).filter((name) => !held.some((h) => h.service === name));
  // Release tasks (migrations) run before anything is released, the legacy wiring's removal included.
  const gate = await gateOnReleaseTasks(m, rendered, prepared, current, ready);
  let diagnosed = gate.ok ? [] : gate.outcomes;
  if (gate.ok) {
    step("release");
    const movable = (upgrade?.recreated ?? []).filter((name) => !held.some((h) => h.service === name));
    held.push(...(await leaveLegacyWiring(movable, current, releasing.checks.release, ports.services)));
    const fine = ready.filter((name) => !held.some((h) => h.service === name));
    const releasingContext = { ...context, registered: gate.registered };
    const released = await releaseAll(
      m,
      rendered,
      pushed,
      current,
      releasing,
      releasingContext,
      prepared.settled,
      fine,
    );
    diagnosed = await withDiagnoses(m, released, current, releasing.diagnosis);
  }
  // One version per environment: what this deploy released returns when another service stayed behind.
  const together = await returnAll(m, rendered, pushed, current, releasing, context, [...held, ...diagnosed]);
  const releases = [...prepared.removed, ...together];
  const mixed = mixedServices(together);
  const schedules = await schedulesFollowServing(m, current, releasing.checks.release, releasing.schedules);
  let ok =
    all.every((s) => SETTLED_WELL.has(s.result)) &&
    releases.every((r) => r.result === "released" || r.result === "unchanged" || r.result === "removed");
  if (ports.imageTags) await keepReleasedImages(ports.imageTags, m.environment, releases, pushed.images);
  // The old wiring goes only once every service runs on its own stack's: a rerun continues from here.
  if (upgrade && ok) {
    step("environment-stack");
    const live = { exists: true, outputs: {} };
    const finished = await deployEnvironmentStack(m, rendered, live, ports, prepared.applying);
    all.push(finished);
    ok = SETTLED_WELL.has(finished.result);
  }
  return {
    ok,
    stacks: all,
    images: pushed.images,
    releases,
    ...(mixed.length > 0 ? { mixed } : {}),
    ...(schedules ? { schedules } : {}),
    ...(upgrade ? { upgrading: upgradeView(upgrade) } : {}),
  };
}

/** The release tasks (deployers/one-off/release-gate.ts), when any service has one: they gate every release. */
async function gateOnReleaseTasks(
  m: Manifest,
  rendered: Rendered,
  prepared: Prepared & { releasing: Releasing },
  outputs: Record<string, string>,
  names: string[],
): Promise<ReleaseGate> {
  const { releasing, pushed, context } = prepared;
  if (!names.some((name) => m.services[name]?.release)) return { ok: true, registered: {} };
  if (!releasing.tasks) throw new Error("a service has a release task, but the deploy was given no port to run it");
  prepared.step("release-tasks");
  const values = await placeholderValues(pushed, outputs, releasing);
  const ports = { release: releasing.checks.release, tasks: releasing.tasks };
  return runReleaseTasks(m, rendered, values, ports, context, names);
}

/** A service whose stack did not reach its template keeps serving what it served: releasing it would use stale wiring. */
function notReleased(s: ServiceStackResult): ServiceOutcome {
  return {
    service: s.service,
    result: "failed",
    reason: `not released: its stack ${s.outcome.stackName} did not update (see above); it keeps serving what it served`,
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
