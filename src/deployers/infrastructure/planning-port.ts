import type { ChangeSetPlanningPort } from "./change-set-planning-port.js";
import type { CloudFormationPort } from "./cloudformation-port.js";

/**
 * The operations of a CloudFormation port a plan may make, copied one by one: the writing
 * ones are not even there to be reached, at run time as in the types
 * (docs/architecture.md, "Plan and apply").
 */
export function planningPort(cf: CloudFormationPort): ChangeSetPlanningPort {
  return {
    describeStack: (name) => cf.describeStack(name),
    createChangeSet: (changeSet) => cf.createChangeSet(changeSet),
    describeChangeSet: (name, changeSet) => cf.describeChangeSet(name, changeSet),
    deleteChangeSet: (name, changeSet) => cf.deleteChangeSet(name, changeSet),
    describeStackEvents: (name) => cf.describeStackEvents(name),
    listStackResources: (name) => cf.listStackResources(name),
    listStackNames: (prefix) => cf.listStackNames(prefix),
    ...(cf.getTemplate ? { getTemplate: (name: string) => cf.getTemplate!(name) } : {}),
    async deleteAbandonedReview(stackName) {
      const status = (await cf.describeStack(stackName))?.status;
      if (status !== "REVIEW_IN_PROGRESS")
        throw new Error(`berth plan may delete only a stack awaiting review; ${stackName} is ${status ?? "gone"}`);
      await cf.deleteStack(stackName);
    },
  };
}
