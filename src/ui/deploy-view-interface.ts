import type { EnvironmentStep } from "../deployers/environment-port.js";
import type { InfrastructureEvent } from "../deployers/infrastructure/events.js";
import type { ReleaseEvent, ServiceOutcome } from "../deployers/release/release-service.js";
import type { VersionNumbers } from "../deployers/version-metrics/version-numbers.js";
import type { ImageEvent } from "../images/publish.js";
import type { Output } from "./output.js";

/**
 * What `deploy`, `rollback` and `destroy` show while they work: one subscriber to every
 * event the deployers emit. A terminal gets the live view (ui/live/), CI gets timestamped
 * lines (ui/ci-lines.ts), `--json` gets NDJSON on stdout (ui/json-events.ts).
 */
export interface DeployView {
  /** Where the reports write their lines (timestamped without a terminal). */
  out: Output;
  step(step: EnvironmentStep): void;
  stack(event: InfrastructureEvent): void;
  image(event: ImageEvent): void;
  release(event: ReleaseEvent): void;
  /** The new and the old version's numbers while traffic shifts and bakes (deployers/version-metrics/). */
  versions(numbers: VersionNumbers[]): void;
  /** The services' outcomes, before the final report (the JSON view emits their diagnoses). */
  settled(releases: ServiceOutcome[]): void;
  /** Stops drawing while a question is asked on the terminal, and draws again after. */
  pause(): void;
  resume(): void;
  /** Stops timers and leaves the terminal as it was. */
  close(): void;
}
