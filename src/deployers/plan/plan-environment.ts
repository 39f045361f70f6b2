import { createHash } from "node:crypto";
import type { Manifest } from "../../manifest/types.js";
import { appStackName, stackName } from "../../manifest/names.js";
import { renderApplication } from "../../render/render.js";
import {
  deployEnvironment,
  type EnvironmentOptions,
  type EnvironmentOutcome,
  type EnvironmentPorts,
  type PushedImages,
} from "../deploy-environment.js";
import type { KeptChangeSet } from "../infrastructure/kept-change-set.js";
import { readEnvironmentOutputs } from "../service-stacks/environment-stacks.js";
import { PLAN_FORMAT, type EnvironmentPlan } from "./environment-plan.js";
import type { PlanPorts } from "./plan-port.js";
import { planReleases } from "./plan-releases.js";

export type PlanOptions = Omit<EnvironmentOptions, "execute" | "keep" | "confirm"> & {
  /** `--out`: keep the change sets and push the images, for `berth apply` to carry out. */
  keep: boolean;
  berthVersion: string;
  now?: () => Date;
};

/**
 * `berth plan`: everything a deploy would do, changing nothing that runs. The stacks'
 * change sets are created (kept for apply, or deleted), the releases worked out against what
 * serves; nothing is executed, registered or updated — `ports` offers no such operation.
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
  const { keep: _keep, berthVersion: _version, now: _now, ...shared } = options;
  const outcome = await deployEnvironment(m, planningOnly(ports), {
    ...shared,
    // Nothing a plan does asks a question: the questions are apply's.
    confirm: async () => false,
    execute: false,
    ...(options.keep ? { keep: (k: KeptChangeSet) => void kept.push(k) } : {}),
  });
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

/**
 * The deployer's ports with every operation that would change what runs refusing: the
 * deployer is shared with deploy, and a plan must never reach one (a bug if it does).
 */
function planningOnly(ports: PlanPorts): EnvironmentPorts {
  const never = (what: string) => () =>
    Promise.reject(new Error(`berth plan reached ${what}, which a plan never does: this is a bug in berth`));
  return {
    cloudFormation: {
      ...ports.cloudFormation,
      executeChangeSet: never("ExecuteChangeSet"),
      deleteStack: (name) => ports.cloudFormation.deleteAbandonedReview(name),
      continueUpdateRollback: never("ContinueUpdateRollback"),
    },
    listenerRules: ports.listenerRules,
    pushImages: never("a push"),
    ...(ports.services
      ? {
          services: {
            listServices: (cluster: string) => ports.services!.listServices(cluster),
            removeServices: never("a service's removal"),
            removeService: never("a service's removal"),
          },
        }
      : {}),
  };
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
