import { createElement } from "react";
import type { Instance } from "ink";
import type { ReleaseEvent } from "../../deployers/release/release-service.js";
import type { ImageEvent } from "../../images/publish.js";
import type { Manifest } from "../../manifest/types.js";
import { reportReleaseEvent, stepTitle } from "../deploy-report.js";
import type { DeployView } from "../deploy-view-interface.js";
import { logProgress } from "../image-progress.js";
import { reportInfrastructureEvent } from "../infrastructure.js";
import type { Output } from "../output.js";
import { isReleaseTaskEvent } from "../release-task-lines.js";
import { liveScreen } from "./live-screen.js";
import { standardStreams } from "../standard-streams.js";
import {
  initialLiveState,
  onLog,
  onRelease,
  onSettled,
  onStack,
  onStep,
  onVersions,
  type LiveState,
} from "./live-state.js";
import { loadInk } from "./load-ink.js";
import { bakeTimes } from "../release-progress.js";

/** Release events that are worth a line in the scrollback; the rest only move the live area. */
const logged = (e: ReleaseEvent) =>
  isReleaseTaskEvent(e) || e.type === "registered" || e.type === "checked" || (e.type === "following" && !e.own);

/**
 * The terminal's live view (Ink): the steps, each service's deployment and a failure's
 * diagnosis redraw in place, once a second and on every event; what the reports say
 * scrolls above; the last frame stays in the scrollback as the summary. While a question
 * is asked (a confirmation, Ctrl-C's), the live area is cleared and Ink unmounted.
 */
export async function liveView(
  plain: Output,
  m: Manifest | undefined,
  now: () => number = Date.now,
): Promise<DeployView> {
  const ink = await loadInk();
  const Screen = liveScreen(ink);
  const traffic = Object.fromEntries(
    Object.values(m?.services ?? {}).map((s) => [s.name, s.http !== undefined && s.deploy.strategy !== "rolling"]),
  );
  let state: LiveState = initialLiveState(bakeTimes(m), traffic);
  let instance: Instance | undefined;
  let closed = false;
  const frame = (live = true) =>
    createElement(Screen, { state: live ? state : { ...state, steps: [], services: {}, outcomes: [] }, now: now() });
  const mount = () =>
    (instance = ink.render(frame(), { exitOnCtrlC: false, patchConsole: false, ...standardStreams() }));
  const update = (next: LiveState) => {
    state = next;
    instance?.rerender(frame());
  };
  // Static prints each log line once; a remounted Ink starts from the lines not yet printed.
  const unmount = (live: boolean) => {
    instance?.rerender(frame(live));
    instance?.unmount();
    instance = undefined;
    state = { ...state, log: [] };
  };
  const out: Output = {
    ...plain,
    diagnosisShown: true,
    note: (text) => (instance ? update(onLog(state, text)) : plain.note(text)),
    line: (text) => (instance ? update(onLog(state, text)) : plain.line(text)),
  };
  const images = imageLines(out);
  const timer = setInterval(() => instance?.rerender(frame()), 1_000);
  timer.unref();
  mount();
  return {
    out,
    step: (step) => m && update(onStep(state, stepTitle(step, m), now())),
    stack: (event) => {
      update(onStack(state, event));
      if (event.type !== "resource-progress") reportInfrastructureEvent(event, out);
    },
    image: images,
    release: (event) => {
      update(onRelease(state, event, now()));
      if (logged(event)) reportReleaseEvent(event, out);
    },
    versions: (numbers) => update(onVersions(state, numbers)),
    settled: (releases) => update(onSettled(state, releases, now())),
    pause: () => unmount(false),
    resume: () => {
      if (!closed && !instance) mount();
    },
    close: () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      unmount(true);
    },
  };
}

/** Builds say when they start and end; their output is shown only when one fails. */
function imageLines(out: Output): (e: ImageEvent) => void {
  const lines = logProgress(out);
  let recent: string[] = [];
  return (e) => {
    if (e.type === "step-output") return void (recent = [...recent, e.line].slice(-10));
    lines(e);
    if (e.type === "step-end" && !e.ok) for (const line of e.output ?? recent) out.note(`  ${line}`);
    if (e.type === "step-start") recent = [];
  };
}
