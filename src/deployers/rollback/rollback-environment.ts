import { readEnvironmentOutputs } from "../service-stacks/environment-stacks.js";
import type { Manifest, Service } from "../../manifest/types.js";
import { renderApplication } from "../../render/render.js";
import type { Clock } from "../../time/clock.js";
import type { ReleasePorts } from "../environment-port.js";
import type { HistoryPort } from "../history/release-record.js";
import type { CloudFormationPort } from "../infrastructure/cloudformation-port.js";
import type { ListenerRulePort } from "../live-traffic.js";
import type { PreflightPort } from "../preflight.js";
import { inFlightDeployments, servingRevision } from "../release/deployment-lookup.js";
import { releaseContext, withDiagnoses } from "../release/release-environment.js";
import { stopInFlight } from "../release/in-flight.js";
import { releaseTaskDefinition, type ReleaseEvent, type ServiceOutcome } from "../release/release-service.js";
import { returnToOneVersion } from "../release/one-version.js";
import { versionAtEnd } from "../history/serving-version.js";
import { schedulesFollowServing, type SchedulesFollowed } from "../schedules/follow-serving.js";
import { planLines, planRollback, type ServiceMove } from "./rollback-plan.js";
import { chooseRollbackTarget } from "./rollback-target.js";

export interface RollbackPorts {
  cloudFormation: Pick<CloudFormationPort, "describeStack">;
  listenerRules: ListenerRulePort;
  release: ReleasePorts;
  history: HistoryPort;
  preflight: Pick<PreflightPort, "imageExists">;
}

export interface RollbackOptions {
  /** --to: a release id from the history. */
  to?: string;
  /** --service: only these services. */
  services?: string[];
  /** Asked once berth knows what the rollback would do; false, or a refusal, changes nothing. */
  confirm: (plan: string[]) => Promise<boolean | { reason: string; fix: string }>;
  onRelease?: (event: ReleaseEvent) => void;
  clock?: Clock;
  releasePollMs?: number;
}

export interface RollbackOutcome {
  ok: boolean;
  /** Rollback changes no stack; the field keeps the shape the history records. */
  stacks: [];
  releases: ServiceOutcome[];
  /** The release returned to (absent when releases in flight were stopped instead). */
  target?: { id: string; version: string; gitSha?: string };
  refused?: { reason: string; fix: string };
  /** Schedules pointed at what serves after the rollback, when any moved or could not. */
  schedules?: SchedulesFollowed;
}

const refused = (reason: string, fix: string): RollbackOutcome => ({
  ok: false,
  stacks: [],
  releases: [],
  refused: { reason, fix },
});

/**
 * `berth rollback`: a release in flight is stopped with ROLLBACK, which returns production
 * at once; otherwise the last successful release before the current one (or the one named)
 * is released again — its recorded task definitions, so its exact image digests — through
 * the same strategy and checks. An image that is gone is refused before anything changes.
 */
export async function rollbackEnvironment(
  m: Manifest,
  ports: RollbackPorts,
  options: RollbackOptions,
): Promise<RollbackOutcome> {
  const unknown = (options.services ?? []).filter((name) => !(name in m.services));
  if (unknown.length > 0)
    return refused(
      `no service ${unknown.join(", ")} in the manifest`,
      `pass one of: ${Object.keys(m.services).join(", ")}`,
    );
  const { outputs } = await readEnvironmentOutputs(m, ports.cloudFormation);
  if (!outputs.ClusterName)
    return refused(`${m.app} ${m.environment} is not deployed`, "there is nothing to roll back; berth deploy first");
  const services = Object.values(m.services).filter((s) => !options.services || options.services.includes(s.name));
  const checks = { ...ports.release.checks, rules: ports.listenerRules };
  const ctx = releaseContext(m, options);

  const rendered = renderApplication(m);
  if (!rendered.ok) return refused("the manifest does not render", "run berth validate");
  const values = { outputs, images: {}, ...(await ports.release.identity()) };
  const release = (service: string, taskDefinition: string, images: Record<string, string> = {}) =>
    releaseTaskDefinition(m, m.services[service]!, rendered.rendered, values, checks, ctx, { taskDefinition, images });
  const servingNow = async (names: string[]) =>
    Object.fromEntries(
      await Promise.all(
        names.map(async (name) => {
          const live = await checks.release.describeService(outputs.ClusterName!, name);
          const now = live
            ? await servingRevision(checks.release, outputs.ClusterName!, name, live.createdAt)
            : undefined;
          return [name, now?.taskDefinition] as const;
        }),
      ),
    );
  // Whatever the moves' outcomes, each schedule then runs what serves (deployers/schedules/).
  const followed = () => schedulesFollowServing(m, outputs, checks.release, ports.release.schedules);
  const history = await ports.history.list(m.app, m.environment, 100);
  const answered = (answer: boolean | { reason: string; fix: string }) =>
    answer === false
      ? refused("not confirmed", "answer yes, or pass --yes in CI")
      : answer === true
        ? undefined
        : refused(answer.reason, answer.fix);

  // A release in flight: stopping it is the rollback; the services it already released return
  // to what served when the last release before it ended, so the environment keeps one version.
  const flying: Service[] = [];
  for (const s of services) {
    const live = await checks.release.describeService(outputs.ClusterName, s.name);
    if (live && (await inFlightDeployments(checks.release, outputs.ClusterName, s.name, live.createdAt)).length > 0)
      flying.push(s);
  }
  if (flying.length > 0) {
    const before = m.atomic
      ? history.find((r) => r.outcome !== "in-progress" && versionAtEnd(r) !== undefined)
      : undefined;
    const others = services.filter((s) => !flying.includes(s)).map((s) => s.name);
    const returning = before ? planRollback(before, await servingNow(others), history).filter((move) => move.to) : [];
    const stops = flying.map((s) => `${s.name}: stop the release in flight with ROLLBACK`);
    const refusal = answered(
      await options.confirm(returning.length > 0 ? [...stops, ...planLines(returning, before!, history)] : stops),
    );
    if (refusal) return refusal;
    const stopped = await Promise.allSettled(flying.map((s) => stopInFlight(s, outputs, checks, ctx)));
    const halted = flying.map((s, i): ServiceOutcome => {
      const r = stopped[i]!;
      if (r.status === "fulfilled")
        return (
          r.value ?? { service: s.name, result: "unchanged", reason: "its release ended before it could be stopped" }
        );
      return { service: s.name, result: "failed", reason: errorText(r.reason) };
    });
    const releases = [...halted, ...(await applyMoves(returning, release))];
    const schedules = await followed();
    return {
      ok: releases.every((r) => r.result !== "failed"),
      stacks: [],
      releases,
      ...(schedules ? { schedules } : {}),
    };
  }

  const target = chooseRollbackTarget(history, {
    ...(options.to ? { to: options.to } : {}),
    ...(options.services ? { services: options.services } : {}),
  });
  if (!target.ok) return refused(target.reason, target.fix);
  const moves = planRollback(target.record, await servingNow(services.map((s) => s.name)), history);
  const images = moves.flatMap((r) =>
    r.to ? Object.values(r.images).map((image) => ({ service: r.service, image })) : [],
  );
  const gone = (
    await Promise.all(
      images.map(async (i) => ((await ports.preflight.imageExists(i.image)) === "missing" ? i : undefined)),
    )
  ).filter((i) => i !== undefined);
  if (gone.length > 0) {
    const names = gone.map((g) => `${g.service}: ${g.image}`).join("; ");
    return refused(
      `release ${target.record.id} needs images that are gone from their registry (${names})`,
      "push them again under the same digest, or roll back to another release with --to",
    );
  }
  const refusal = answered(await options.confirm(planLines(moves, target.record, history)));
  if (refusal) return refusal;

  const moved = await applyMoves(moves, release);
  // One version: a service whose move failed takes back the ones that moved.
  const released = m.atomic
    ? await returnToOneVersion(moved, (service, taskDefinition, because) => {
        ctx.emit({ type: "returning", service, taskDefinition, because });
        return release(service, taskDefinition);
      })
    : moved;
  const releases = await withDiagnoses(m, released, outputs, ports.release.diagnosis);
  const schedules = await followed();
  return {
    ok: releases.every((r) => r.result === "released" || r.result === "unchanged"),
    stacks: [],
    releases,
    ...(schedules ? { schedules } : {}),
    target: {
      id: target.record.id,
      version: target.record.servingVersion ?? target.record.version,
      ...(target.record.gitSha ? { gitSha: target.record.gitSha } : {}),
    },
  };
}

/** Each move released (its recorded task definition and images); a service that stays is unchanged, saying why. */
async function applyMoves(
  moves: ServiceMove[],
  release: (service: string, taskDefinition: string, images: Record<string, string>) => Promise<ServiceOutcome>,
): Promise<ServiceOutcome[]> {
  const results = await Promise.allSettled(
    moves.map(async (move): Promise<ServiceOutcome> => {
      if (!move.to)
        return {
          service: move.service,
          result: "unchanged",
          reason: `stays: ${move.stays ?? ""}`,
          ...(move.from ? { taskDefinition: move.from, servingTaskDefinition: move.from } : {}),
        };
      return release(move.service, move.to, move.images);
    }),
  );
  return moves.map((move, i): ServiceOutcome => {
    const r = results[i]!;
    return r.status === "fulfilled"
      ? r.value
      : { service: move.service, result: "failed", reason: errorText(r.reason) };
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
