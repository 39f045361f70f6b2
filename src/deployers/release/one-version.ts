import type { ServiceOutcome } from "./service-outcome.js";

/** Results that leave a service on the version it served before this release (or unknown). */
const STAYED_BEHIND = new Set<ServiceOutcome["result"]>(["rolled-back", "failed", "interrupted"]);

/**
 * Which released services must go back so that the environment serves one version
 * (docs/architecture.md, "One version per environment"): when one service stayed behind —
 * rolled back by ECS or on an interrupt, failed, or not released because its stack failed —
 * every service this deploy moved returns to the task definition that served before it.
 * A service created by this deploy has nothing to return to.
 */
export function servicesToReturn(outcomes: ServiceOutcome[]): { cause?: ServiceOutcome; returning: ServiceOutcome[] } {
  const cause = outcomes.find((o) => STAYED_BEHIND.has(o.result));
  if (!cause) return { returning: [] };
  const returning = outcomes.filter(
    (o) =>
      o.result === "released" &&
      o.previousTaskDefinition !== undefined &&
      o.previousTaskDefinition !== o.taskDefinition,
  );
  return { cause, returning };
}

/**
 * The services left on the new version while another stayed behind: a mixed environment,
 * named in the output, in `status` and in `--json` (deploy.atomic: false, a new service, or
 * a return that failed).
 */
export function mixedServices(outcomes: ServiceOutcome[]): string[] {
  if (!outcomes.some((o) => STAYED_BEHIND.has(o.result))) return [];
  return outcomes.filter((o) => o.result === "released").map((o) => o.service);
}

/**
 * Returns each service `servicesToReturn` names to the task definition that served before,
 * through `release` (the service's strategy and checks, as `berth rollback` does). A service
 * returned is recorded as rolled back, with why; one that could not be stays released and
 * says so.
 */
export async function returnToOneVersion(
  outcomes: ServiceOutcome[],
  release: (service: string, taskDefinition: string, because: string) => Promise<ServiceOutcome>,
): Promise<ServiceOutcome[]> {
  const { cause, returning } = servicesToReturn(outcomes);
  if (!cause || returning.length === 0) return outcomes;
  const because = `${cause.service} ${cause.result === "failed" ? "failed" : cause.result.replace("-", " ")}`;
  const results = await Promise.allSettled(
    returning.map((o) => release(o.service, o.previousTaskDefinition!, because)),
  );
  return outcomes.map((o) => {
    const i = returning.indexOf(o);
    if (i < 0) return o;
    const r = results[i]!;
    const previous = o.previousTaskDefinition!;
    if (r.status === "fulfilled" && r.value.result === "released")
      return {
        ...o,
        result: "rolled-back",
        reason: `returned to ${revision(previous)} because ${because}: one version per environment (deploy.atomic)`,
        servingTaskDefinition: previous,
      };
    const why = r.status === "fulfilled" ? (r.value.reason ?? r.value.result) : errorText(r.reason);
    return {
      ...o,
      reason: `released, but berth could not return it to ${revision(previous)} after ${because}: ${why}`,
    };
  });
}

/**
 * What serves once a release ended: its task definition when released, the one before when
 * ECS rolled it back (a rollback returns to the last successful revision); unknown otherwise.
 */
export function withServing(outcome: ServiceOutcome): ServiceOutcome {
  const serving =
    outcome.result === "released" || outcome.result === "unchanged"
      ? outcome.taskDefinition
      : outcome.result === "rolled-back"
        ? outcome.previousTaskDefinition
        : undefined;
  return serving ? { ...outcome, servingTaskDefinition: serving } : outcome;
}

/** `web:3` of a task definition ARN. */
export function revision(taskDefinition: string): string {
  return taskDefinition.split("/").pop() ?? taskDefinition;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
