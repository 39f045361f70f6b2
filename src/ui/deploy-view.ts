import type { EnvironmentStep } from "../deployers/deploy-environment.js";
import type { InfrastructureEvent } from "../deployers/infrastructure/events.js";
import type { ReleaseEvent, ServiceOutcome } from "../deployers/release/release-service.js";
import type { VersionNumbers } from "../deployers/version-metrics/version-numbers.js";
import type { ImageEvent } from "../images/publish.js";
import type { Manifest } from "../manifest/types.js";
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

/**
 * A live view needs a person at a terminal: stdout a TTY, and nothing asking for plain
 * output (CI=true, NO_COLOR, TERM=dumb); `--json` is for programs.
 */
export function wantsLiveView(
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
  stdout: { isTTY?: boolean } = process.stdout,
): boolean {
  return Boolean(stdout.isTTY) && !out.json && env.CI !== "true" && env.NO_COLOR === undefined && env.TERM !== "dumb";
}

/**
 * The view for this run. The live view's modules (Ink, React) load only here, and only for
 * a terminal, so commands that never release never pay for them (test/cli.test.ts).
 */
export async function openDeployView(
  out: Output,
  m: Manifest | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DeployView> {
  if (wantsLiveView(out, env)) return (await import("./live/live-view.js")).liveView(out, m);
  const { ciView } = await import("./ci-lines.js");
  if (out.json) {
    const { jsonView } = await import("./json-events.js");
    return jsonView(ciView(out, m), out);
  }
  return ciView(out, m);
}

/** A question on the terminal with the view paused, so the prompt is not drawn over. */
export function askPaused<A extends unknown[]>(
  view: DeployView,
  ask: (...args: A) => Promise<boolean>,
): (...args: A) => Promise<boolean> {
  return async (...args) => {
    view.pause();
    try {
      return await ask(...args);
    } finally {
      view.resume();
    }
  };
}
