import type { Clock } from "../../time/clock.js";
import { IN_FLIGHT_STATUSES, type DeploymentBrief, type ReleasePort } from "./release-port.js";

/**
 * ECS and this machine may disagree on the time; a deployment created this long before
 * berth's call still counts as possibly berth's (it is then matched by task definition).
 */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Deployments of the service not finished yet, oldest first (the order they must settle in). */
export async function inFlightDeployments(
  port: ReleasePort,
  cluster: string,
  service: string,
  serviceCreatedAt?: number,
): Promise<DeploymentBrief[]> {
  const found = await port.listDeployments(cluster, service, {
    statuses: IN_FLIGHT_STATUSES,
    ...since(serviceCreatedAt),
  });
  return [...found].reverse();
}

// One page of ListServiceDeployments holds at most 100, and a page is full whenever more
// follow ("returns only maxResults results in a single page along with a nextToken"):
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html
const HISTORY_PAGE = 100;

/**
 * The deployments in flight (oldest first) and the last successful one, from one unfiltered
 * ListServiceDeployments when the service's whole history fits one page — what a deploy
 * otherwise asks in two calls (inFlightDeployments, then servingRevision); undefined when
 * the history is longer, and the caller asks those two.
 */
export async function deploymentsAtOnce(
  port: ReleasePort,
  cluster: string,
  service: string,
  serviceCreatedAt?: number,
): Promise<{ inFlight: DeploymentBrief[]; lastSuccessful?: DeploymentBrief } | undefined> {
  const all = await port.listDeployments(cluster, service, { limit: HISTORY_PAGE, ...since(serviceCreatedAt) });
  if (all.length >= HISTORY_PAGE) return undefined;
  const lastSuccessful = all.find((d) => d.status === "SUCCESSFUL");
  return {
    inFlight: all.filter((d) => IN_FLIGHT_STATUSES.includes(d.status)).reverse(),
    ...(lastSuccessful ? { lastSuccessful } : {}),
  };
}

/** The task definition (and fingerprint) a deployment moved to. */
export async function targetOf(
  port: Pick<ReleasePort, "revisionTaskDefinition">,
  deployment: DeploymentBrief | undefined,
) {
  return deployment?.targetRevision ? port.revisionTaskDefinition(deployment.targetRevision) : undefined;
}

/**
 * What serves: the task definition of the target revision of the last SUCCESSFUL
 * deployment (a rollback returns to it and creates no revision;
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-revision.html).
 * Deployments older than the service belong to a deleted namesake and never count.
 */
export async function servingRevision(
  port: Pick<ReleasePort, "listDeployments" | "revisionTaskDefinition">,
  cluster: string,
  service: string,
  serviceCreatedAt?: number,
) {
  const [last] = await port.listDeployments(cluster, service, {
    statuses: ["SUCCESSFUL"],
    limit: 1,
    ...since(serviceCreatedAt),
  });
  return targetOf(port, last);
}

/**
 * The deployment berth's own CreateService/UpdateService started: created after the call
 * (give or take the clock skew) and moving to the task definition berth registered for it
 * — never merely the newest, which may be another deploy's or a deleted namesake's.
 */
export async function findOwnDeployment(
  port: ReleasePort,
  cluster: string,
  service: string,
  taskDefinition: string,
  calledAt: number,
  ctx: { clock: Clock; pollMs: number },
): Promise<string | undefined> {
  const checked = new Set<string>();
  for (let attempt = 0; attempt < 10; attempt++) {
    const candidates = await port.listDeployments(cluster, service, { createdAfter: calledAt - CLOCK_SKEW_MS });
    for (const d of candidates) {
      if (!d.targetRevision || checked.has(d.targetRevision)) continue;
      checked.add(d.targetRevision);
      if ((await port.revisionTaskDefinition(d.targetRevision))?.taskDefinition === taskDefinition) return d.arn;
    }
    // ECS lists a deployment moments after the call that started it.
    await ctx.clock.sleep(ctx.pollMs);
  }
  return undefined;
}

function since(createdAt: number | undefined): { createdAfter?: number } {
  return createdAt === undefined ? {} : { createdAfter: createdAt - 1_000 };
}
