import type { Problem } from "../manifest/problem.js";
import type { ImageTagPort } from "../images/release-tags.js";
import type { AccountPort } from "./account-quotas/account-port.js";
import type { ServicesPort } from "./destroy-port.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import type { InfrastructureOutcome } from "./infrastructure/events.js";
import type { ListenerRulePort } from "./live-traffic.js";
import type { ListenerPrioritiesPort } from "./previews/listener-priorities-port.js";
import type { OneOffTaskPort } from "./one-off/one-off-port.js";
import type { PreflightPort, PreflightResult } from "./preflight-port.js";
import type { ServiceOutcome } from "./release/service-outcome.js";
import type { SchedulesFollowed } from "./schedules/follow-serving.js";
import type { LayoutUpgrade } from "./upgrade/upgrade-layout.js";
import type { InfrastructureOptions } from "./infrastructure/deploy-infrastructure.js";
import type { CheckPorts } from "./release/check-new-version.js";
import type { DiagnosisPort } from "./release/diagnose.js";
import type { SchedulePort } from "./schedules/schedule-port.js";
import type { ReleaseEvent } from "./release/release-service.js";

// What deploy-environment.ts, the steps it calls (prepare-environment.ts,
// release-after-stacks.ts), plan/ and release/release-environment.ts share: the deploy's
// ports, the images it releases, its options and its outcome.

export interface PushedImages {
  images: Record<string, string>;
  pullCredentials?: string;
  /** The release's version, which the application's telemetry names (OTEL_RESOURCE_ATTRIBUTES). */
  version?: string;
}

export interface ReleasePorts {
  checks: Omit<CheckPorts, "rules">;
  /** Reads why a release failed; absent, failed releases carry no diagnosis. */
  diagnosis?: DiagnosisPort;
  identity(): Promise<{ account: string; partition: string; region: string }>;
  /** Runs the services' release tasks; needed when a service has `release`. */
  tasks?: OneOffTaskPort;
  /** Points the schedules at what serves once the releases settle; absent, schedules are left as they are. */
  schedules?: SchedulePort;
}

export type EnvironmentStep =
  "app-stack" | "images" | "environment-stack" | "service-stacks" | "release-tasks" | "release";

export interface EnvironmentOptions extends InfrastructureOptions {
  onStep?: (step: EnvironmentStep) => void;
  onRelease?: (event: ReleaseEvent) => void;
  /** Told of references pre-flight could not check (a registry out of reach). */
  onPreflight?: (result: PreflightResult) => void;
  /** The first wait between polls of a deployment (default 1 s); waits grow to 10 s while nothing changes. */
  releasePollMs?: number;
}

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
  /** Services that a deploy would remove (plan), because the manifest no longer names them. */
  removing?: string[];
  /** Service stacks that a deploy would delete (plan): those of the services above, and any an interrupted removal left. */
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
