import { EXIT, UserError } from "../exit-codes.js";
import type { TaskFault } from "./simulator/model.js";

/** The options of startSandbox a fault sets. */
export interface FaultOptions {
  newTaskFault?: TaskFault;
  throttleShare?: number;
}

/** The share of calls BERTH_SANDBOX_FAIL=throttle refuses: enough to see retries, few enough that the SDK's retry quota lasts. */
export const THROTTLE_SHARE = 0.2;

export interface SandboxFault {
  name: string;
  /** What goes wrong, in a phrase for the sandbox's banner. */
  effect: string;
  options: FaultOptions;
}

const FAULTS: Record<string, Omit<SandboxFault, "name">> = {
  health: { effect: "the tasks of every new release fail their health checks", options: { newTaskFault: "unhealthy" } },
  crash: {
    effect: "the tasks of every new release crash after starting (exit code 1)",
    options: { newTaskFault: "crash" },
  },
  smoke: {
    effect: "every new release answers 500 through the load balancer (its smoke checks fail)",
    options: { newTaskFault: "smoke" },
  },
  alarm: {
    effect: "an alarm every new release watches goes to ALARM during bake time",
    options: { newTaskFault: "alarm" },
  },
  throttle: {
    effect: `${THROTTLE_SHARE * 100}% of AWS calls get a throttling error`,
    options: { throttleShare: THROTTLE_SHARE },
  },
};

/** What BERTH_SANDBOX_FAIL (read by the `berth sandbox` process, not by berth's other commands) makes go wrong. */
export function sandboxFault(value: string | undefined): SandboxFault | undefined {
  if (value === undefined || value === "") return undefined;
  const fault = FAULTS[value];
  if (fault) return { name: value, ...fault };
  throw new UserError(
    `BERTH_SANDBOX_FAIL=${value} is not a fault the sandbox knows`,
    EXIT.usage,
    `set it to one of ${Object.keys(FAULTS).join(", ")}, or unset it`,
  );
}

/**
 * The task fault a task definition asks for with BERTH_SANDBOX_FAIL in a container's
 * environment: that release alone fails that way. Unknown values fail nothing.
 */
export function taskFaultNamed(value: string | undefined): TaskFault | undefined {
  return value ? FAULTS[value]?.options.newTaskFault : undefined;
}
