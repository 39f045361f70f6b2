import type { Manifest } from "../manifest/types.js";
import type { DeployView } from "./deploy-view-interface.js";
import type { Output } from "./output.js";
import { standardOut } from "./standard-streams.js";

export type { DeployView } from "./deploy-view-interface.js";

/**
 * A live view needs a person at a terminal: stdout a TTY, and nothing asking for plain
 * output (CI=true, NO_COLOR, TERM=dumb); `--json` is for programs.
 */
export function wantsLiveView(
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
  stdout: { isTTY?: boolean } = standardOut,
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
