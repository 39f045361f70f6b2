import type { OneOffTaskPort } from "./one-off/one-off-port.js";
import type { PreflightResult } from "./preflight.js";
import type { InfrastructureOptions } from "./infrastructure/deploy-infrastructure.js";
import type { CheckPorts } from "./release/check-new-version.js";
import type { DiagnosisPort } from "./release/diagnose.js";
import type { SchedulePort } from "./schedules/schedule-port.js";
import type { ReleaseEvent } from "./release/release-service.js";

// What deploy-environment.ts and release/release-environment.ts share: the images a deploy
// releases, the ports of its releases and its options.

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
