import type { InfrastructureEvent } from "../../deployers/infrastructure/events.js";
import type { ReleaseEvent, ServiceOutcome } from "../../deployers/release/release-service.js";
import type { VersionNumbers } from "../../deployers/version-metrics/version-numbers.js";
import { isReleaseTaskEvent } from "../release-task-lines.js";
import { bakeLeft as bakeLeftOf, foldProgress, type ServiceProgress } from "../release-progress.js";

/** One step of the command (images, a stack, the release), with when it started and ended. */
export interface LiveStep {
  title: string;
  started: number;
  ended?: number;
  /** A stack's resources done of those its change set touches, while it updates. */
  resources?: { done: number; total: number };
}

/** Everything the live view draws, folded from the deployers' events (pure, so tests feed it any events). */
export interface LiveState {
  steps: LiveStep[];
  /** The stacks the current step is updating (service stacks change several at once), to count their resources. */
  stacks: Record<string, { touched: Set<string>; done: Set<string> }>;
  services: Record<string, ServiceProgress>;
  /** Per service, how long its bake lasts (ms), from the manifest. */
  bakeMs: Record<string, number>;
  /** Per service, whether its release splits traffic (blue/green, canary, linear) or rolls (workers). */
  traffic: Record<string, boolean>;
  outcomes: ServiceOutcome[];
  /** Per service, the new and the old version's latest numbers (while traffic shifts and bakes). */
  versions: Record<string, VersionNumbers>;
  /** Lines that scroll above the live area: what the reports say. */
  log: string[];
}

export function initialLiveState(
  bakeMs: Record<string, number> = {},
  traffic: Record<string, boolean> = {},
): LiveState {
  return { steps: [], stacks: {}, services: {}, bakeMs, traffic, outcomes: [], versions: {}, log: [] };
}

const endSteps = (steps: LiveStep[], now: number) =>
  steps.map((s) => (s.ended === undefined ? { ...s, ended: now } : s));

export function onStep(state: LiveState, title: string, now: number): LiveState {
  return { ...state, stacks: {}, steps: [...endSteps(state.steps, now), { title, started: now }] };
}

/** The stacks' progress: the resources their change sets touch, and those CloudFormation finished. */
export function onStack(state: LiveState, event: InfrastructureEvent): LiveState {
  if (event.type === "change-set-ready") {
    const s = event.summary;
    const touched = new Set([...s.added, ...s.modified, ...s.replaced, ...s.removed].map((c) => c.logicalId));
    return withResources({ ...state, stacks: { ...state.stacks, [event.stackName]: { touched, done: new Set() } } });
  }
  const stack = event.type === "resource-progress" ? state.stacks[event.stackName] : undefined;
  if (event.type === "resource-progress" && stack?.touched.has(event.event.logicalId)) {
    if (!/_COMPLETE$/.test(event.event.status)) return state;
    const done = new Set(stack.done).add(event.event.logicalId);
    return withResources({ ...state, stacks: { ...state.stacks, [event.stackName]: { ...stack, done } } });
  }
  return state;
}

function withResources(state: LiveState): LiveState {
  const current = state.steps.at(-1);
  const stacks = Object.values(state.stacks);
  if (!current || stacks.length === 0) return state;
  const resources = {
    done: stacks.reduce((sum, s) => sum + s.done.size, 0),
    total: stacks.reduce((sum, s) => sum + s.touched.size, 0),
  };
  return { ...state, steps: [...state.steps.slice(0, -1), { ...current, resources }] };
}

export function onRelease(state: LiveState, event: ReleaseEvent, now: number): LiveState {
  // Release tasks are lines in the scrollback; a service's row starts with its deployment.
  if (isReleaseTaskEvent(event)) return state;
  const { progress } = foldProgress(state.services[event.service], event, now);
  return { ...state, services: { ...state.services, [event.service]: progress } };
}

export function onSettled(state: LiveState, outcomes: ServiceOutcome[], now: number): LiveState {
  return { ...state, steps: endSteps(state.steps, now), outcomes };
}

export function onVersions(state: LiveState, numbers: VersionNumbers[]): LiveState {
  return { ...state, versions: { ...state.versions, ...Object.fromEntries(numbers.map((n) => [n.service, n])) } };
}

export function onLog(state: LiveState, text: string): LiveState {
  return { ...state, log: [...state.log, text] };
}

/** The bake countdown: ms left, while the service is in BAKE_TIME. */
export function bakeLeft(state: LiveState, p: ServiceProgress, now: number): number | undefined {
  // An interrupt's last frame has the outcomes while the deployment never reported its end.
  if (state.outcomes.some((o) => o.service === p.service)) return undefined;
  return bakeLeftOf(state.bakeMs, p, now);
}
