import type { Problem } from "../manifest/problem.js";
import type { Manifest } from "../manifest/types.js";
import { renderAppStack } from "../render/app-stack.js";
import { appStackName, stackName } from "../manifest/names.js";
import { renderApplication } from "../render/render.js";
import { toYaml } from "../render/template-yaml.js";
import type { Template } from "../render/template.js";
import { tagReleasedImages, type ImageTagPort } from "../images/release-tags.js";
import type { CheckPorts } from "./release/check-new-version.js";
import type { ServicesPort } from "./destroy-environment.js";
import { preflight, type PreflightPort, type PreflightResult } from "./preflight.js";
import type { DiagnosisPort } from "./release/diagnose.js";
import { releaseAll, releaseContext, settleAll, withDiagnoses } from "./release/release-environment.js";
import type { ReleaseEvent, ServiceOutcome } from "./release/release-service.js";
import { summarizeChanges } from "./infrastructure/change-summary.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import { deployInfrastructure, type InfrastructureOptions } from "./infrastructure/deploy-infrastructure.js";
import type { InfrastructureOutcome } from "./infrastructure/events.js";
import { keepDeployedRules } from "./deployed-weights.js";
import { liveRuleArns, liveTrafficFrom, type ListenerRulePort } from "./live-traffic.js";

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
}

export interface PushedImages {
  images: Record<string, string>;
  pullCredentials?: string;
}

export interface ReleasePorts {
  checks: Omit<CheckPorts, "rules">;
  /** Reads why a release failed; absent, failed releases carry no diagnosis. */
  diagnosis?: DiagnosisPort;
  identity(): Promise<{ account: string; partition: string; region: string }>;
}

export type EnvironmentStep = "app-stack" | "images" | "environment-stack" | "release";

export interface EnvironmentOutcome {
  ok: boolean;
  /** Manifest problems found while rendering (overrides that do not apply): nothing was touched. */
  problems?: Problem[];
  stacks: InfrastructureOutcome[];
  images?: Record<string, string>;
  releases?: ServiceOutcome[];
  /** Services that a deploy would remove (diff), because the manifest no longer names them. */
  removing?: string[];
  /** What pre-flight found missing: nothing in the environment was changed. */
  preflight?: PreflightResult;
}

const SETTLED_WELL = new Set(["unchanged", "created", "updated", "planned"]);

function plannedCreation(stackName: string, template: Template, options: InfrastructureOptions): InfrastructureOutcome {
  const changes = Object.entries(template.Resources).map(([logicalId, resource]) => ({
    action: "Add" as const,
    logicalId,
    resourceType: (resource as { Type: string }).Type,
  }));
  const summary = summarizeChanges(changes);
  options.emit?.({ type: "change-set-ready", stackName, summary });
  return { result: "planned", stackName, summary };
}

export interface EnvironmentOptions extends InfrastructureOptions {
  onStep?: (step: EnvironmentStep) => void;
  onRelease?: (event: ReleaseEvent) => void;
  /** Told of references pre-flight could not check (a registry out of reach). */
  onPreflight?: (result: PreflightResult) => void;
  /** The first wait between polls of a deployment (default 1 s); waits grow to 10 s while nothing changes. */
  releasePollMs?: number;
}

/**
 * `berth deploy`: the app stack with the image repositories, then the images, then the
 * environment stack rendered with the listener weights ECS left live (so the update never
 * moves traffic), then a release of every service that changed. With `execute: false` it
 * is `berth diff`: change sets only, nothing pushed or released (docs/architecture.md,
 * "The data flow of berth deploy").
 */
export async function deployEnvironment(
  m: Manifest,
  ports: EnvironmentPorts,
  options: EnvironmentOptions,
): Promise<EnvironmentOutcome> {
  // Render once before touching AWS: a manifest whose overrides do not apply changes nothing.
  const first = renderApplication(m);
  if (!first.ok) return { ok: false, problems: first.problems, stacks: [] };
  const tags = { "berth:app": m.app, "berth:environment": m.environment };
  const stacks: InfrastructureOutcome[] = [];
  const step = options.onStep ?? (() => {});

  const apply = async (
    name: string,
    template: Template,
    stackTags: Record<string, string>,
    exists?: boolean,
  ): Promise<InfrastructureOutcome> => {
    // A diff of a stack that does not exist yet is its whole template; a CREATE change set
    // would leave an empty stack behind (REVIEW_IN_PROGRESS) for a command that changes nothing.
    if (options.execute === false && !(exists ?? (await ports.cloudFormation.describeStack(name)) !== undefined))
      return plannedCreation(name, template, options);
    return deployInfrastructure(
      ports.cloudFormation,
      { stackName: name, templateBody: toYaml(template), tags: stackTags },
      options,
    );
  };

  step("app-stack");
  const app = await apply(appStackName(m.app), renderAppStack(m), { "berth:app": m.app });
  stacks.push(app);
  if (!SETTLED_WELL.has(app.result)) return { ok: false, stacks };

  let pushed: PushedImages | undefined;
  if (options.execute !== false) {
    step("images");
    pushed = await ports.pushImages();
  }

  if (pushed && ports.preflight && ports.release) {
    const checked = await preflight(m, pushed.images, (await ports.release.identity()).region, ports.preflight);
    if (checked.problems.length > 0) return { ok: false, stacks, images: pushed.images, preflight: checked };
    if (checked.unchecked.length > 0) options.onPreflight?.(checked);
  }

  step("environment-stack");
  const name = stackName(m.app, m.environment);
  const live = await ports.cloudFormation.describeStack(name);
  const outputs = live?.outputs ?? {};
  const context = releaseContext(m, options);
  const planned: string[] = [];
  const releasing = pushed && ports.release ? { ...ports.release, rules: ports.listenerRules } : undefined;
  // ECS owns the listener weights while a release is in flight: finish those releases
  // before the stack update reads the weights back, so it never writes mid-release ones.
  const settled = releasing && outputs.ClusterName ? await settleAll(m, outputs, releasing, context) : {};
  const removal = await removeDroppedServices(m, name, outputs, ports.services, options);
  if (removal.planned.length > 0 && options.execute === false) planned.push(...removal.planned);
  if (!removal.ok) return { ok: false, stacks, releases: removal.outcomes };
  const ruleArns = liveRuleArns(m, outputs);
  const traffic =
    ruleArns.length > 0 ? liveTrafficFrom(m, outputs, await ports.listenerRules.describeRuleWeights(ruleArns)) : {};
  // Without live weights (a new environment, or no web service) the first rendering stands.
  const rendered = Object.keys(traffic).length > 0 ? renderApplication(m, { traffic }) : first;
  if (!rendered.ok) return { ok: false, problems: rendered.problems, stacks };
  const template =
    live && Object.keys(traffic).length > 0
      ? keepDeployedRules(m, rendered.rendered.template, await ports.cloudFormation.getTemplate?.(name))
      : rendered.rendered.template;
  const environment = await apply(name, template, tags, live !== undefined);
  stacks.push(environment);
  const images = pushed ? { images: pushed.images } : {};
  const removing = planned.length > 0 ? { removing: planned } : {};
  if (!SETTLED_WELL.has(environment.result) || !pushed || !releasing)
    return { ok: SETTLED_WELL.has(environment.result), stacks, ...images, ...removing };

  step("release");
  // An unchanged stack still has the outputs read above; a created or updated one is read again.
  const current =
    environment.result === "unchanged" ? outputs : ((await ports.cloudFormation.describeStack(name))?.outputs ?? {});
  const released = await releaseAll(m, rendered.rendered, pushed, current, releasing, context, settled);
  const releases = [...removal.outcomes, ...(await withDiagnoses(m, released, current, releasing.diagnosis))];
  const ok = releases.every((r) => r.result === "released" || r.result === "unchanged" || r.result === "removed");
  if (ports.imageTags) await keepReleasedImages(ports.imageTags, m.environment, releases, pushed.images);
  return { ok, stacks, ...images, releases };
}

/**
 * ECS services of the environment that the manifest no longer names: shown, confirmed like
 * other destructive changes, then scaled down and deleted with their scaling — before the
 * stack update deletes their roles, log groups and security groups.
 */
async function removeDroppedServices(
  m: Manifest,
  stack: string,
  outputs: Record<string, string>,
  port: ServicesPort | undefined,
  options: EnvironmentOptions,
) {
  const cluster = outputs.ClusterName;
  const dropped =
    port && cluster ? (await port.listServices(cluster)).filter((name) => !(name in m.services)).sort() : [];
  if (dropped.length === 0 || !port || !cluster || options.execute === false)
    return { ok: true, planned: dropped, outcomes: [] as ServiceOutcome[] };
  if (!(await options.confirm({ kind: "remove-services", stackName: stack, services: dropped }))) {
    const reason = "no longer in the manifest; its removal was not confirmed (answer yes, or pass --yes in CI)";
    return {
      ok: false,
      planned: dropped,
      outcomes: dropped.map((service): ServiceOutcome => ({ service, result: "failed", reason })),
    };
  }
  const results = await Promise.allSettled(dropped.map((service) => port.removeService(cluster, service)));
  const outcomes = dropped.map((service, i): ServiceOutcome => {
    const result = results[i];
    if (result?.status === "fulfilled") return { service, result: "removed" };
    return {
      service,
      result: "failed",
      reason: `could not be removed: ${result?.reason instanceof Error ? result.reason.message : String(result?.reason)}`,
    };
  });
  return { ok: outcomes.every((o) => o.result === "removed"), planned: dropped, outcomes };
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
