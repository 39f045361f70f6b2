import type { ChangeSetPlanningPort } from "../infrastructure/change-set-planning-port.js";
import type { ListenerRulePort } from "../live-traffic.js";
import type { ListenerPrioritiesPort } from "../previews/listener-priorities-port.js";
import type { AccountPort } from "../account-quotas/account-port.js";
import type { ServicesPort } from "../destroy-port.js";
import type { PreflightPort } from "../preflight-port.js";
import type { PushedImages } from "../environment-port.js";
import type { ReleasePort } from "../release/release-port.js";
import type { SchedulePort } from "../schedules/schedule-port.js";
import type { TaskDefinitionContent } from "./task-definition-changes.js";

export type { ChangeSetPlanningPort } from "../infrastructure/change-set-planning-port.js";

/** What serves: the ECS reads a plan makes to say what each release changes. */
export type ServingPort = Pick<ReleasePort, "describeService" | "listDeployments" | "revisionTaskDefinition"> & {
  /** ECS DescribeTaskDefinition; undefined when there is none of that ARN. */
  describeTaskDefinition(arn: string): Promise<TaskDefinitionContent | undefined>;
};

export interface PlanPorts {
  cloudFormation: ChangeSetPlanningPort;
  listenerRules: ListenerRulePort;
  /** The rules on the previews' shared listeners (reads only); absent, not checked. */
  listenerPriorities?: ListenerPrioritiesPort;
  /** The cluster's service names, to tell which services a deploy would remove. */
  services?: Pick<ServicesPort, "listServices">;
  serving?: ServingPort;
  /**
   * The revision each schedule runs now, which berth moved to what serves: a service stack
   * is planned with it, as deploy renders it (deployers/schedules/deployed-schedules.ts).
   */
  schedules?: Pick<SchedulePort, "target">;
  /** Absent (a deploy that releases nothing), the plan names no Region and works out no release. */
  identity?(): Promise<{ account: string; partition: string; region: string }>;
  /** The account's usage and quotas, for a new environment; absent, not checked. */
  account?: AccountPort;
  /** Pre-flight's reads (a new database's engine version); absent, not checked. */
  preflight?: PreflightPort;
  /**
   * For a plan kept for apply: builds and pushes what is missing and pins every image by
   * digest (images change nothing that runs). Absent, a plan builds nothing.
   */
  pushImages?(): Promise<PushedImages>;
}
