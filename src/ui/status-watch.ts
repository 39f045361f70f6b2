import type { StatusSnapshot } from "../deployers/status/status-snapshot.js";
import { wantsLiveView } from "./deploy-view.js";
import type { Output } from "./output.js";
import { latestLine } from "./status-metrics.js";
import { snapshotJson, snapshotLines } from "./status-view.js";

export interface WatchOptions {
  intervalMs: number;
  /** Aborted by Ctrl-C (SIGINT) or SIGTERM: the watch ends, and the command with exit 0. */
  signal: AbortSignal;
  now?: () => number;
}

/** Where a refresh goes: the terminal's live view redraws in place; otherwise a line each time. */
interface WatchScreen {
  show(snapshot: StatusSnapshot, now: number): void;
  close(): void;
}

/**
 * `berth status --watch`: reads and shows the status every interval until interrupted. A
 * terminal gets the whole status redrawn in place (Ink, loaded only here); logs and pipes get
 * one line per refresh with each service's newest numbers (`--json`: one document per line).
 */
export async function watchStatus(read: () => Promise<StatusSnapshot>, out: Output, options: WatchOptions) {
  const now = options.now ?? Date.now;
  const screen: WatchScreen = wantsLiveView(out)
    ? await (await import("./status-live.js")).statusLive(out, snapshotLines)
    : { show: (snapshot, at) => out.line(refreshLine(snapshot, at, out)), close: () => {} };
  const stopped = new Promise<void>((resolve) => options.signal.addEventListener("abort", () => resolve()));
  try {
    while (!options.signal.aborted) {
      const reading = read();
      // Ctrl-C during a read leaves it behind: its late failure is nobody's to report.
      reading.catch(() => {});
      const snapshot = await Promise.race([reading, stopped]);
      if (!snapshot) break;
      screen.show(snapshot, now());
      // The timer keeps the process alive between refreshes; cleared when Ctrl-C ends the wait.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, options.intervalMs))), stopped]);
      clearTimeout(timer);
    }
  } finally {
    screen.close();
  }
}

/** A refresh without a terminal: the newest numbers on one line, or the whole status as JSON. */
function refreshLine(snapshot: StatusSnapshot, at: number, out: Output): string {
  if (out.json) return JSON.stringify(snapshotJson(snapshot));
  if (snapshot.metrics) return latestLine(snapshot.metrics, at);
  const { app, environment } = snapshot.status;
  return `${new Date(at).toISOString().slice(11, 19)} ${app} ${environment}: not deployed`;
}
