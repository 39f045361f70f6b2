import type { Manifest, Service } from "../../manifest/types.js";
import type { CheckPorts } from "./check-new-version.js";
import type { SettledDeployment } from "./decide.js";
import { inFlightDeployments } from "./deployment-lookup.js";
import { checkerFor, follow } from "./follow-release.js";
import type { ReleaseContext } from "./release-context.js";
import type { DeploymentBrief } from "./release-port.js";
import type { ServiceOutcome } from "./service-outcome.js";

/**
 * Follows to its end every deployment of the service still in flight — an earlier run's,
 * killed or interrupted — answering berth's pause hook with the checks, so that nothing
 * is reported unchanged while it moves and the stack is never updated mid-release.
 */
export async function settleInFlight(
  m: Manifest,
  s: Service,
  outputs: Record<string, string>,
  ports: CheckPorts,
  ctx: ReleaseContext,
  serviceCreatedAt?: number,
): Promise<SettledDeployment[]> {
  const flying = await inFlightDeployments(ports.release, outputs.ClusterName ?? "", s.name, serviceCreatedAt);
  return followEach(m, s, flying, outputs, ports, ctx);
}

/** Each deployment followed to its end, oldest first, answering berth's pause hook with the checks. */
export async function followEach(
  m: Manifest,
  s: Service,
  deployments: DeploymentBrief[],
  outputs: Record<string, string>,
  ports: CheckPorts,
  ctx: ReleaseContext,
): Promise<SettledDeployment[]> {
  const settled: SettledDeployment[] = [];
  const check = checkerFor(m, s, outputs, ports, ctx);
  for (const d of deployments) {
    const end = await follow(s.name, d.arn, false, ports.release, check, ctx);
    const revision = d.targetRevision ? await ports.release.revisionTaskDefinition(d.targetRevision) : undefined;
    settled.push({
      ...(revision?.fingerprint ? { fingerprint: revision.fingerprint } : {}),
      released: end.kind === "released",
    });
  }
  return settled;
}

/**
 * `berth rollback` of a release in flight: StopServiceDeployment with ROLLBACK (production
 * returns to the last successful revision at once), followed until ECS has rolled back.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html
 */
export async function stopInFlight(
  s: Service,
  outputs: Record<string, string>,
  ports: CheckPorts,
  ctx: ReleaseContext,
): Promise<ServiceOutcome | undefined> {
  const cluster = outputs.ClusterName ?? "";
  const live = await ports.release.describeService(cluster, s.name);
  const flying = live ? await inFlightDeployments(ports.release, cluster, s.name, live.createdAt) : [];
  if (flying.length === 0) return undefined;
  // A pause hook still waiting is answered ROLLBACK too.
  const refuse = async () => "berth rollback stopped this release";
  let outcome: ServiceOutcome = { service: s.name, result: "rolled-back" };
  for (const d of flying) {
    await ports.release.stopDeployment(d.arn);
    const end = await follow(s.name, d.arn, true, ports.release, refuse, ctx);
    outcome =
      end.kind === "rolled-back"
        ? {
            service: s.name,
            result: "rolled-back",
            reason: "stopped in flight; production is back on the version before",
            deploymentArn: d.arn,
          }
        : end.kind === "released"
          ? {
              service: s.name,
              result: "failed",
              reason:
                "the release finished before it could be stopped; run berth rollback again to return to the release before",
              deploymentArn: d.arn,
            }
          : { service: s.name, result: "failed", reason: end.reason, deploymentArn: d.arn };
  }
  return outcome;
}
