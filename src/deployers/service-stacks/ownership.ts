import { serviceStackName } from "../../manifest/names.js";
import type { StackState } from "../infrastructure/cloudformation-port.js";

/** The tags that say which environment and service a service stack belongs to (docs/architecture.md). */
export function serviceStackTags(app: string, environment: string, service: string): Record<string, string> {
  return { "berth:app": app, "berth:environment": environment, "berth:service": service };
}

/**
 * Whose a stack named like a service stack is. Names alone are ambiguous: environment
 * `staging` with service `eu-api` and environment `staging-eu` with service `api` both make
 * `shop-staging-eu-api`, so only the tags berth wrote at creation say it is ours.
 */
export type Ownership =
  | { kind: "absent" }
  | { kind: "ours" }
  /** Someone else's: berth neither updates nor deletes it. */
  | { kind: "foreign"; owner: string };

export function serviceStackOwnership(
  stack: Pick<StackState, "tags"> | undefined,
  app: string,
  environment: string,
  service: string,
): Ownership {
  if (!stack) return { kind: "absent" };
  const tags = stack.tags ?? {};
  const expected = serviceStackTags(app, environment, service);
  if (Object.entries(expected).every(([key, value]) => tags[key] === value)) return { kind: "ours" };
  const owner =
    tags["berth:environment"] !== undefined
      ? `environment ${tags["berth:environment"]} of app ${tags["berth:app"] ?? "?"}${tags["berth:service"] ? `, service ${tags["berth:service"]}` : ""}`
      : "no berth environment (it has no berth:environment tag)";
  return { kind: "foreign", owner };
}

/** Why berth refuses to touch a stack that has the name of one of its service stacks, and the fix. */
export function foreignStackRefusal(
  app: string,
  environment: string,
  service: string,
  owner: string,
): { reason: string; hint: string } {
  const name = serviceStackName(app, environment, service);
  return {
    reason: `stack ${name} is named like the stack of service ${service} but belongs to ${owner}; berth does not touch it`,
    hint: `rename service ${service} (or the environment) so its stack name ${name} is free, or delete that stack if nothing uses it`,
  };
}
