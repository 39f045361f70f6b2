import type { CloudFormationPort, StackState } from "./cloudformation-port.js";
import type { FollowingContext } from "./deploy-context.js";
import type { InfrastructureOutcome } from "./events.js";
import { followStack, latestEventId } from "./follow-stack.js";
import { planForStackStatus } from "./stack-plan.js";

// wait → repair → wait → apply is the longest legitimate path through the stuck states.
const MAX_STEPS = 5;

/**
 * What to do in each state of a stack (stack-plan.ts): deploy's actions write
 * (deploy-infrastructure.ts), plan's preview (plan-infrastructure.ts). A repair that
 * returns undefined has brought the stack to another state, which is read again.
 */
export interface StackStateActions {
  create(stack: StackState | undefined): Promise<InfrastructureOutcome>;
  update(): Promise<InfrastructureOutcome>;
  recreate(reason: string): Promise<InfrastructureOutcome | undefined>;
  continueRollback(): Promise<InfrastructureOutcome | undefined>;
}

/** The bounded loop through a stack's states, shared by deploy and plan: stop and wait are the same for both. */
export async function walkStackStates(
  port: Pick<CloudFormationPort, "describeStack" | "describeStackEvents">,
  stackName: string,
  context: FollowingContext,
  actions: StackStateActions,
): Promise<InfrastructureOutcome> {
  let status = "unknown";
  for (let step = 0; step < MAX_STEPS; step++) {
    const stack = await port.describeStack(stackName);
    status = stack?.status ?? "none";
    const plan = planForStackStatus(stack?.status);
    switch (plan.kind) {
      case "create":
        return actions.create(stack);
      case "update":
        return actions.update();
      case "stop":
        return { result: "stopped", stackName, status, reason: plan.reason, hint: plan.hint };
      case "wait": {
        const busy = await waitForOthers(port, stackName, status, context);
        if (busy) return busy;
        break;
      }
      case "recreate": {
        const ended = await actions.recreate(plan.reason);
        if (ended) return ended;
        break;
      }
      case "continue-rollback": {
        const ended = await actions.continueRollback();
        if (ended) return ended;
        break;
      }
    }
  }
  return {
    result: "stopped",
    stackName,
    status,
    reason: "the stack kept changing state while berth tried to repair it",
    hint: "wait for other deploys to this environment to finish, then run berth again",
  };
}

/** Another operation runs on the stack: followed to its end; "busy" when it outlasts busyTimeoutMs. */
async function waitForOthers(
  port: Pick<CloudFormationPort, "describeStack" | "describeStackEvents">,
  stackName: string,
  status: string,
  context: FollowingContext,
): Promise<InfrastructureOutcome | undefined> {
  context.emit({ type: "waiting-for-stack", stackName, status });
  const started = context.clock.now();
  const followed = await followStack(port, stackName, await latestEventId(port, stackName), {
    ...context,
    timeoutMs: context.busyTimeoutMs,
  });
  if (!followed.timedOut) return undefined;
  return { result: "busy", stackName, status: followed.status, waitedMs: context.clock.now() - started };
}
