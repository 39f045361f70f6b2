import type { Manifest, Service } from "../../manifest/types.js";
import type { PlaceholderValues } from "../../render/resolve-placeholders.js";
import type { Rendered } from "../../render/render.js";
import { decideStart } from "../release/decide.js";
import { servingRevision } from "../release/deployment-lookup.js";
import { prepare, type Prepared } from "../release/prepare-release.js";
import type { ReleasePort } from "../release/release-port.js";
import type { ReleaseContext, ServiceOutcome } from "../release/release-service.js";
import type { OneOffRequest, OneOffTaskPort } from "./one-off-port.js";
import { oneOffDiagnosis, runOneOffTask } from "./run-one-off-task.js";
import { endSummary, type OneOffEnd } from "./task-end.js";

export type ReleaseGate =
  /** Every release task exited 0: these task definitions (service → ARN) are the ones to release. */
  | { ok: true; registered: Record<string, string> }
  /** A release task failed: nothing is released, and every service says why. */
  | { ok: false; outcomes: ServiceOutcome[] };

/** A service whose release registers a new task definition. */
interface Changed {
  service: Service;
  prepared: Prepared;
}

/**
 * Before any service is released: when a service with a `release` command changes, every
 * changed service's new task definition is registered, then each such release task runs
 * once as a one-off task of its service's new task definition, one after another; the
 * first that does not exit 0 releases nothing. A service whose version serves already
 * (fingerprint unchanged) runs nothing; when no release task is due, nothing happens here.
 */
export async function runReleaseTasks(
  m: Manifest,
  rendered: Rendered,
  values: PlaceholderValues,
  ports: { release: ReleasePort; tasks: OneOffTaskPort },
  ctx: ReleaseContext,
  names: string[],
): Promise<ReleaseGate> {
  const cluster = values.outputs.ClusterName ?? "";
  const changed: Changed[] = [];
  for (const s of Object.values(m.services).filter((s) => names.includes(s.name))) {
    const prepared = prepare(s, rendered, values);
    // A service that cannot be prepared fails in its own release, with the same reason.
    if ("missing" in prepared) continue;
    const live = await ports.release.describeService(cluster, s.name);
    const serving = live ? await servingRevision(ports.release, cluster, s.name, live.createdAt) : undefined;
    const runs = decideStart(prepared.fingerprint, serving, []).kind === "release";
    if (s.release) {
      const { command, timeout } = s.release;
      ctx.emit({ type: "release-task-planned", service: s.name, command, timeoutSeconds: timeout, runs });
    }
    if (runs) changed.push({ service: s, prepared });
  }
  const due = changed.filter((c) => c.service.release);
  if (due.length === 0) return { ok: true, registered: {} };
  const registered: Record<string, string> = {};
  for (const { service: s, prepared } of changed) {
    const taskDefinition = await ports.release.registerTaskDefinition(prepared.task, prepared.fingerprint);
    registered[s.name] = taskDefinition;
    ctx.emit({ type: "registered", service: s.name, taskDefinition });
  }
  for (const { service: s, prepared } of due) {
    const end = await runReleaseTask(s, prepared, registered[s.name]!, cluster, ports.tasks, ctx);
    if (end.kind !== "exited" || end.exitCode !== 0)
      return { ok: false, outcomes: heldBack(s, end, names, registered) };
  }
  return { ok: true, registered };
}

async function runReleaseTask(
  s: Service,
  prepared: Prepared,
  taskDefinition: string,
  cluster: string,
  port: OneOffTaskPort,
  ctx: ReleaseContext,
): Promise<OneOffEnd> {
  const request = releaseTaskRequest(s, prepared, taskDefinition, cluster);
  let taskArn: string | undefined;
  const end = await runOneOffTask(port, request, {
    clock: ctx.clock,
    pollMs: Math.min(ctx.pollMs, 1_000),
    timeoutMs: s.release!.timeout * 1000,
    onEvent: (event) => {
      if (event.type === "started") {
        taskArn = event.taskArn;
        ctx.emit({ type: "release-task-started", service: s.name, cluster, taskArn, taskDefinition });
      } else if (event.type === "status")
        ctx.emit({ type: "release-task-status", service: s.name, taskArn: event.taskArn, status: event.status });
      else if (event.type === "log")
        ctx.emit({ type: "release-task-log", service: s.name, taskArn: event.taskArn, line: event.line });
    },
  });
  ctx.emit({
    type: "release-task-ended",
    service: s.name,
    ...(taskArn ? { taskArn } : {}),
    end: end.kind,
    summary: endSummary(end),
  });
  return end;
}

/** The one-off task of a release task: the service's new task definition, where its tasks run, its command. */
export function releaseTaskRequest(
  s: Service,
  prepared: Prepared,
  taskDefinition: string,
  cluster: string,
): OneOffRequest {
  const { networkConfiguration, platformVersion } = prepared.service;
  const options = prepared.task.containerDefinitions?.find((c) => c.name === s.name)?.logConfiguration?.options;
  const group = options?.["awslogs-group"];
  const streamPrefix = options?.["awslogs-stream-prefix"];
  return {
    cluster,
    taskDefinition,
    container: s.name,
    command: s.release!.command,
    placement: {
      ...(networkConfiguration ? { networkConfiguration } : {}),
      ...(platformVersion ? { platformVersion } : {}),
    },
    startedBy: "berth-release-task",
    ...(group && streamPrefix ? { logs: { group, streamPrefix } } : {}),
  };
}

/**
 * A failed release task holds every release back: its service carries the diagnosis, the
 * others say why they were not released. The task definitions registered stay unused; the
 * next deploy runs the release task again, as the version still does not serve.
 */
export function heldBack(
  s: Service,
  end: OneOffEnd,
  names: string[],
  registered: Record<string, string>,
): ServiceOutcome[] {
  const summary = `release task \`${s.release!.command.join(" ")}\` ${endSummary(end)}`;
  const kept = "nothing was released; every service keeps serving what it served";
  return names.map((name) =>
    name === s.name
      ? {
          service: name,
          result: "failed",
          reason: `${summary}; ${kept}`,
          ...(registered[name] ? { taskDefinition: registered[name] } : {}),
          // A task ECS refused to start has nothing to show beyond the reason.
          ...(end.taskArn ? { diagnosis: oneOffDiagnosis(end, s.name) } : {}),
        }
      : { service: name, result: "failed", reason: `not released: ${s.name}'s ${summary}; ${kept}` },
  );
}
