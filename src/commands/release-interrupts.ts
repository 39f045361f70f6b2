import type { ServiceReleaseRecord } from "../deployers/history/release-record.js";
import {
  inFlight,
  interruptAction,
  interruptQuestion,
  leftStateLines,
  releasedServices,
  returningNote,
  trackRelease,
  type ReleaseTracking,
} from "../deployers/release/interrupt-plan.js";
import type { ReleaseEvent, ServiceOutcome } from "../deployers/release/release-service.js";
import {
  RELEASE_TASK_INTERRUPTED,
  releaseTaskLeftLine,
  trackReleaseTask,
  type RunningReleaseTask,
} from "../deployers/one-off/release-task-interrupt.js";
import type { Output } from "../ui/output.js";

export interface InterruptOptions {
  out: Output;
  /** A person at a terminal who can answer (canAskOnTerminal). */
  interactive: boolean;
  ask: (question: string, onInterrupt: () => void) => Promise<boolean>;
  /** StopServiceDeployment with ROLLBACK; false when it had already ended. */
  stop: (deploymentArn: string) => Promise<boolean>;
  /** StopTask of a release task running when the interrupt came. */
  stopTask?: (cluster: string, taskArn: string, reason: string) => Promise<void>;
  now?: () => number;
  exit?: (code: number) => never;
  /**
   * The run returns the services it released to the version before when another is rolled
   * back (deploy.atomic): rolling back on an interrupt then waits for that, rather than exit.
   */
  returnsToOneVersion?: boolean;
  /** Told what was left just before berth exits, so the view can draw its last frame. */
  beforeExit?: (left: ServiceOutcome[]) => void;
}

export interface InterruptWatch {
  onRelease(event: ReleaseEvent): void;
  /** The exit code of the interrupt the run finished after (it rolled back and waited), if any. */
  exitCode(): number | undefined;
  dispose(): void;
}

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Ctrl-C or SIGTERM while `deploy` or `rollback` releases: the first asks (in a terminal)
 * or rolls back (without one, as when CI cancels a job) the releases in flight, then frees
 * the lock, closes the history record and says what was left; a second one exits at once,
 * still saying what was left. What to do is decided in deployers/release/interrupt-plan.ts.
 */
export function watchInterrupts(options: InterruptOptions): InterruptWatch {
  const now = options.now ?? Date.now;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let tracking: ReleaseTracking = {};
  let releaseTask: RunningReleaseTask | undefined;
  let releaseTaskStopped = false;
  const stopped = new Set<string>();
  let interrupted: keyof typeof EXIT_CODES | undefined;

  const sayWhatIsLeft = () => {
    options.out.note(`berth: interrupted (${interrupted}); what is left:`);
    if (releaseTask) options.out.note(releaseTaskLeftLine(releaseTask, releaseTaskStopped));
    for (const line of leftStateLines(tracking, stopped, now())) options.out.note(line);
  };
  const leftServices = (): ServiceReleaseRecord[] =>
    Object.values(tracking).map((t) => ({
      service: t.service,
      result: t.finished
        ? t.end === "released"
          ? "released"
          : t.end === "rolled-back"
            ? "rolled-back"
            : "failed"
        : "interrupted",
      images: {},
      ...(t.deploymentArn ? { deploymentArn: t.deploymentArn } : {}),
      ...(t.deploymentArn && stopped.has(t.deploymentArn) ? { reason: "rollback requested on interrupt" } : {}),
    }));
  const leave = async () => {
    const [{ releaseHeldLocks }, { recordInterruptedReleases }] = await Promise.all([
      import("../deployers/lock/held-leases.js"),
      import("../deployers/history/recorded-release.js"),
    ]);
    await recordInterruptedReleases(`interrupted by ${interrupted}`, leftServices());
    await releaseHeldLocks();
  };
  let waiting = false;
  const lastFrame = () => options.beforeExit?.(leftServices().map(({ diagnosis: _none, ...s }) => s));
  const atOnce = () => {
    lastFrame();
    sayWhatIsLeft();
    return exit(EXIT_CODES[interrupted ?? "SIGINT"]);
  };
  const handle = async (signal: keyof typeof EXIT_CODES) => {
    if (interrupted) return atOnce();
    interrupted = signal;
    // A release task gates every release: it is stopped, and nothing is released after it.
    if (releaseTask && options.stopTask)
      releaseTaskStopped = await options
        .stopTask(releaseTask.cluster, releaseTask.taskArn, `${RELEASE_TASK_INTERRUPTED} (${signal})`)
        .then(() => true)
        .catch(() => false);
    const flying = inFlight(tracking);
    const returning = options.returnsToOneVersion ? releasedServices(tracking) : [];
    if (flying.length > 0) {
      const answer = options.interactive
        ? (await options.ask(interruptQuestion(flying, now(), returning), atOnce))
          ? "roll-back"
          : "leave-to-ecs"
        : undefined;
      if (interruptAction(options.interactive, answer) === "roll-back") {
        for (const release of flying)
          if (await options.stop(release.deploymentArn!).catch(() => false)) stopped.add(release.deploymentArn!);
        // The run follows the stopped releases to their rollback and returns the released services itself.
        if (returning.length > 0) {
          waiting = true;
          options.out.note(returningNote(signal, returning));
          return;
        }
      }
    }
    await leave().catch(() => undefined);
    lastFrame();
    sayWhatIsLeft();
    return exit(EXIT_CODES[signal]);
  };
  const onSigint = () => void handle("SIGINT");
  const onSigterm = () => void handle("SIGTERM");
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);
  return {
    onRelease: (event) => {
      tracking = trackRelease(tracking, event);
      releaseTask = trackReleaseTask(releaseTask, event);
    },
    exitCode: () => (waiting && interrupted ? EXIT_CODES[interrupted] : undefined),
    dispose: () => {
      process.removeListener("SIGINT", onSigint);
      process.removeListener("SIGTERM", onSigterm);
    },
  };
}
