import type { KeptChangeSet } from "../infrastructure/kept-change-set.js";
import type { InfrastructureOutcome } from "../infrastructure/events.js";
import type { EnvironmentStacks } from "../service-stacks/environment-stacks.js";
import type { DroppedServices } from "../service-stacks/remove-services.js";
import type { LayoutUpgrade } from "../upgrade/upgrade-layout.js";
import type { TaskDefinitionChange } from "./task-definition-changes.js";

/** The version of plan.json's shape: apply refuses a document of another. */
export const PLAN_FORMAT = "berth.plan/1";

/** One service's release as planned: what serves, what would, and what differs between them. */
export interface PlannedRelease {
  service: string;
  strategy: string;
  /** The task definition serving now; absent for a service not created yet. */
  from?: string;
  /**
   * The fingerprint (sha256 prefix) of the task and service definitions berth would register:
   * apply registers only these. Absent when they need outputs of stacks this plan creates.
   */
  to?: string;
  /** Why the definitions are not known yet. */
  pending?: string;
  changes: TaskDefinitionChange[];
  /** Whether a release task (services.NAME.release) runs before it. */
  releaseTask: boolean;
}

/**
 * What a deploy would do to an environment, computed without changing what runs: the
 * document `berth plan --out` writes and `berth apply` carries out (docs/architecture.md,
 * "Plan and apply").
 */
export interface EnvironmentPlan {
  format: typeof PLAN_FORMAT;
  berthVersion: string;
  app: string;
  environment: string;
  region: string;
  /** sha256 of the environment's normalized manifest: apply refuses a plan of another manifest. */
  manifestHash: string;
  createdAt: string;
  /** Service → image pinned by digest (pushed by the plan), or absent for a plan that built nothing. */
  images?: Record<string, string>;
  /** The ARN of the secret ECS pulls images of another registry with (never its value). */
  pullCredentials?: string;
  /** Each stack with a change, in the order apply executes them (app, environment, services). */
  stacks: KeptChangeSet[];
  /** What the change sets change, resource by resource, as the plan printed it. */
  changes: InfrastructureOutcome[];
  removing: string[];
  removingStacks: string[];
  /**
   * An environment berth 0.1.0 created: its move to service stacks (upgrade/upgrade-plan.ts),
   * and the environment stack's last template, which apply updates it to once every service
   * serves from its own stack.
   */
  upgrading?: {
    services: string[];
    recreated: string[];
    deleting: number;
    finish?: { stackName: string; templateHash: string };
  };
  releases: PlannedRelease[];
}

/**
 * What a plan read on its way, kept in memory only: `berth deploy` plans and applies under
 * one lock, so its apply goes on from these reads instead of making them again
 * (docs/architecture.md, "Plan and apply"). A saved plan has none: its apply reads afresh.
 */
export interface PlanRead {
  before: EnvironmentStacks;
  upgrade: LayoutUpgrade | undefined;
  dropped: DroppedServices;
  /** Whether the environment stack planned well: the service stacks were planned against it. */
  environmentOk: boolean;
}
