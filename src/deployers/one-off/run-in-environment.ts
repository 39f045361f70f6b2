import { EXIT, UserError } from "../../exit-codes.js";
import { stackName } from "../../manifest/names.js";
import type { Manifest } from "../../manifest/types.js";
import type { Clock } from "../../time/clock.js";
import type { Actor } from "../actor.js";
import { newReleaseId, type HistoryPort, type ReleaseRecord } from "../history/release-record.js";
import type { CloudFormationPort } from "../infrastructure/cloudformation-port.js";
import type { DiagnosisPort } from "../release/diagnose.js";
import { servingRevision } from "../release/deployment-lookup.js";
import type { ReleasePort } from "../release/release-port.js";
import type { SchedulePort } from "../schedules/schedule-port.js";
import { readEnvironmentOutputs } from "../service-stacks/environment-stacks.js";
import type { OneOffRequest, OneOffTaskPort } from "./one-off-port.js";
import { runOneOffTask, type OneOffEvent } from "./run-one-off-task.js";
import { endSummary, exitCodeOf, type OneOffEnd } from "./task-end.js";

/** What `berth run` reads and does: the environment's outputs, what serves, the task, the history. */
export interface RunPorts {
  cloudFormation: Pick<CloudFormationPort, "describeStack">;
  release: ReleasePort;
  containerLogs: DiagnosisPort["containerLogs"];
  tasks: OneOffTaskPort;
  history: HistoryPort;
  /** What a schedule targets (`berth run --schedule`); absent, such a run takes what serves. */
  schedules?: SchedulePort;
}

export interface RunRequest {
  service: string;
  command: string[];
  environment: Record<string, string>;
  cpu?: number;
  memory?: number;
  /** Run the task definition of this release (berth releases) instead of the one that serves. */
  releaseId?: string;
  /** ECS's task group (`berth run --schedule`: the schedule's, so status counts the run as its last). */
  group?: string;
  /** `berth run --schedule`: run the revision this schedule targets, as its scheduled runs do. */
  schedule?: string;
  detach: boolean;
  /** Resolves when berth should stop following and leave the task running (Ctrl-C, answered "no"). */
  leave?: Promise<void>;
  actor: Actor;
  clock: Clock;
  onEvent?: (event: OneOffEvent) => void;
}

export interface RunOutcome {
  /** berth's exit code: the task's, 1 when it never ran its command, 0 when detached. */
  exitCode: number;
  taskDefinition: string;
  taskArn?: string;
  end?: OneOffEnd;
  record: ReleaseRecord;
}

/**
 * `berth run`: one task of the service's serving task definition (or a recorded release's)
 * where the service's tasks run, its command and environment overridden, followed to its
 * end; recorded in the release history as a run (who, what, how it ended).
 */
export async function runInEnvironment(m: Manifest, ports: RunPorts, request: RunRequest): Promise<RunOutcome> {
  const prepared = await prepareRun(m, ports, request);
  const base = runRecord(m, request, prepared.taskDefinition, request.clock.now());
  const end = await runOneOffTask(ports.tasks, prepared, {
    clock: request.clock,
    detach: request.detach,
    ...(request.leave ? { leave: request.leave } : {}),
    ...(request.onEvent ? { onEvent: request.onEvent } : {}),
  });
  if (end.kind === "left") {
    const reason = request.detach ? undefined : "berth stopped following on Ctrl-C; the task went on";
    const record: ReleaseRecord = {
      ...base,
      outcome: "detached",
      ...(reason ? { reason } : {}),
      run: { ...base.run!, taskArn: end.taskArn },
    };
    await ports.history.put(record);
    return { exitCode: 0, taskDefinition: prepared.taskDefinition, taskArn: end.taskArn, record };
  }
  return finish(ports.history, base, prepared.taskDefinition, end, request.clock);
}

async function finish(
  history: HistoryPort,
  base: ReleaseRecord,
  taskDefinition: string,
  end: OneOffEnd,
  clock: Clock,
): Promise<RunOutcome> {
  const record = closedRun(base, end, clock.now());
  await history.put(record);
  const taskArn = end.taskArn ? { taskArn: end.taskArn } : {};
  return { exitCode: exitCodeOf(end), taskDefinition, ...taskArn, end, record };
}

/** The run as the history keeps it, once it ended: exit 0 succeeded, a stop interrupted, anything else failed. */
export function closedRun(base: ReleaseRecord, end: OneOffEnd, finishedAt: number): ReleaseRecord {
  const outcome =
    end.kind === "stopped" ? "interrupted" : exitCodeOf(end) === 0 && end.kind === "exited" ? "succeeded" : "failed";
  return {
    ...base,
    outcome,
    ...(outcome === "succeeded" ? {} : { reason: endSummary(end) }),
    finishedAt: new Date(finishedAt).toISOString(),
    durationMs: Math.max(0, finishedAt - Date.parse(base.startedAt)),
    run: {
      ...base.run!,
      ...(end.taskArn ? { taskArn: end.taskArn } : {}),
      ...(end.kind === "exited" ? { exitCode: end.exitCode } : {}),
    },
  };
}

function runRecord(m: Manifest, request: RunRequest, taskDefinition: string, startedAt: number): ReleaseRecord {
  const revision = taskDefinition.slice(taskDefinition.lastIndexOf("/") + 1);
  return {
    id: newReleaseId(startedAt),
    app: m.app,
    environment: m.environment,
    kind: "run",
    version: revision,
    who: request.actor.user,
    host: request.actor.host,
    ...(request.actor.ciUrl ? { ciUrl: request.actor.ciUrl } : {}),
    startedAt: new Date(startedAt).toISOString(),
    outcome: "in-progress",
    services: [],
    run: { service: request.service, command: request.command, taskDefinition },
  };
}

/** The task to run: which task definition, where, with which overrides; a UserError when there is nothing to run. */
async function prepareRun(m: Manifest, ports: RunPorts, request: RunRequest): Promise<OneOffRequest> {
  const { service } = request;
  const where = `${m.app} ${m.environment}`;
  const { outputs } = await readEnvironmentOutputs(m, ports.cloudFormation, [service]);
  const cluster = outputs.ClusterName;
  const deployFirst = `deploy it first: berth deploy -e ${m.environment}`;
  if (!cluster)
    throw new UserError(
      `${where} is not deployed: there is no cluster to run ${service} in`,
      EXIT.failure,
      deployFirst,
    );
  const taskDefinition = await chosenTaskDefinition(m, ports, cluster, request);
  const placement = await ports.tasks.servicePlacement(cluster, service);
  if (!placement)
    throw new UserError(`service ${service} of ${where} does not exist in ECS yet`, EXIT.failure, deployFirst);
  const logs = (await ports.containerLogs(taskDefinition)).find((c) => c.container === service);
  return {
    cluster,
    taskDefinition,
    container: service,
    command: request.command,
    environment: request.environment,
    ...(request.cpu !== undefined ? { cpu: request.cpu } : {}),
    ...(request.memory !== undefined ? { memory: request.memory } : {}),
    placement,
    startedBy: "berth-run",
    ...(request.group ? { group: request.group } : {}),
    ...(logs?.streamPrefix ? { logs: { group: logs.group, streamPrefix: logs.streamPrefix } } : {}),
  };
}

async function chosenTaskDefinition(m: Manifest, ports: RunPorts, cluster: string, request: RunRequest) {
  const { service, releaseId } = request;
  if (releaseId !== undefined) {
    const record = await ports.history.get(m.app, m.environment, releaseId);
    const recorded = record?.kind === "run" ? undefined : record?.services.find((s) => s.service === service);
    if (!recorded?.taskDefinition)
      throw new UserError(
        `release ${releaseId} of ${m.app} ${m.environment} recorded no task definition for ${service}`,
        EXIT.usage,
        `pick a release that released ${service}: berth releases -e ${m.environment}`,
      );
    return recorded.taskDefinition;
  }
  // The schedule's own revision (berth keeps it on what serves); a schedule still on its family, the serving one.
  const scheduled =
    request.schedule && ports.schedules
      ? await ports.schedules.target(stackName(m.app, m.environment), request.schedule)
      : undefined;
  if (scheduled && /:\d+$/.test(scheduled)) return scheduled;
  const live = await ports.release.describeService(cluster, service);
  const serving = live ? await servingRevision(ports.release, cluster, service, live.createdAt) : undefined;
  if (!serving)
    throw new UserError(
      `service ${service} of ${m.app} ${m.environment} serves nothing yet: no release of it succeeded`,
      EXIT.failure,
      `deploy it first: berth deploy -e ${m.environment}`,
    );
  return serving.taskDefinition;
}
