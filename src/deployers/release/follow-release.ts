import type { Manifest, Service } from "../../manifest/types.js";
import { checkNewVersion, type CheckPorts } from "./check-new-version.js";
import { followDeployment, type FollowEnd } from "./follow-deployment.js";
import type { ReleaseContext, ReleaseEvent } from "./release-context.js";
import type { DeploymentState, ReleasePort } from "./release-port.js";
import type { ServiceOutcome } from "./service-outcome.js";

// One ECS deployment followed to its end, answering berth's pause hook with a check, each step emitted.

/** How a followed deployment ended, as a service's outcome says it. */
export function outcomeOf(end: FollowEnd): Pick<ServiceOutcome, "result" | "reason" | "failedCheck"> {
  if (end.kind === "released") return { result: "released" };
  const failedCheck = end.kind !== "timed-out" && end.failedCheck ? { failedCheck: end.failedCheck } : {};
  if (end.kind === "rolled-back") return { result: "rolled-back", reason: end.reason, ...failedCheck };
  return { result: "failed", reason: end.reason, ...failedCheck };
}

export async function follow(
  service: string,
  deploymentArn: string,
  own: boolean,
  port: ReleasePort,
  check: () => Promise<string | undefined>,
  ctx: ReleaseContext,
): Promise<FollowEnd> {
  ctx.emit({ type: "following", service, deploymentArn, own });
  const onState = (state: DeploymentState) => ctx.emit(progressOf(service, state));
  const { stageMs, ...timing } = ctx;
  const end = await followDeployment(deploymentArn, port, check, {
    ...timing,
    stageMs: stageMs?.[service] ?? {},
    onState,
  });
  ctx.emit({
    type: "settled",
    service,
    deploymentArn,
    end: end.kind,
    ...(end.kind === "released" ? {} : { reason: end.reason }),
  });
  return end;
}

function progressOf(service: string, state: DeploymentState): ReleaseEvent {
  const awaiting = state.hooks.find((h) => h.status === "AWAITING_ACTION");
  return {
    type: "progress",
    service,
    deploymentArn: state.arn,
    status: state.status,
    ...(state.stage ? { stage: state.stage } : {}),
    ...(awaiting?.expiresAt !== undefined ? { hookExpiresAt: awaiting.expiresAt } : {}),
    ...(state.tasks ? { tasks: state.tasks } : {}),
    ...(state.productionWeight !== undefined ? { productionWeight: state.productionWeight } : {}),
  };
}

export function checkerFor(
  m: Manifest,
  s: Service,
  outputs: Record<string, string>,
  ports: CheckPorts,
  ctx: ReleaseContext,
) {
  return async () => {
    const problem = await checkNewVersion(m, s, outputs, ports);
    ctx.emit({ type: "checked", service: s.name, passed: problem === undefined, detail: problem ?? passedChecks(s) });
    return problem;
  };
}

/** What passed, said as it was: a service without smoke checks had none run. */
function passedChecks(s: Service): string {
  const smoke = s.deploy.smoke.length;
  if (smoke === 0) return `new targets healthy; no smoke checks (services.${s.name}.deploy.smoke)`;
  return `new targets healthy, ${smoke === 1 ? "its smoke check" : `its ${smoke} smoke checks`} passed`;
}
