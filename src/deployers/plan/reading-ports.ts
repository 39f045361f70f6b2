import type { EnvironmentPorts } from "../environment-port.js";
import { planningPort } from "../infrastructure/planning-port.js";
import type { PlanPorts } from "./plan-port.js";

/**
 * What a plan reads with, taken from a deploy's ports: the writing operations left out, at
 * run time as in the types (a schedule's port offers only `target`). `berth deploy`'s own plan
 * uses them as they are; `berth plan` adds what serves and, with --out, the push.
 */
export function readingPorts(ports: EnvironmentPorts): PlanPorts {
  const release = ports.release;
  const schedules = release?.schedules;
  return {
    cloudFormation: planningPort(ports.cloudFormation),
    listenerRules: ports.listenerRules,
    ...(ports.listenerPriorities ? { listenerPriorities: ports.listenerPriorities } : {}),
    ...(ports.services ? { services: ports.services } : {}),
    ...(ports.account ? { account: ports.account } : {}),
    ...(ports.preflight ? { preflight: ports.preflight } : {}),
    ...(schedules ? { schedules: { target: (...args) => schedules.target(...args) } } : {}),
    ...(release ? { identity: () => release.identity() } : {}),
  };
}
