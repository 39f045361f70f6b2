import type { ChangeSetState, ResourceChange } from "./cloudformation-port.js";

/** Types whose replacement or removal loses data: the caller must confirm those changes. */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  "AWS::RDS::DBCluster",
  "AWS::S3::Bucket",
  "AWS::SQS::Queue",
  "AWS::EFS::FileSystem",
  "AWS::ECR::Repository",
]);

export interface RiskyChange {
  logicalId: string;
  resourceType: string;
  /** "may be replaced" is CloudFormation's Replacement: Conditional. */
  effect: "replaced" | "may be replaced" | "removed";
}

export interface ChangeSummary {
  added: ResourceChange[];
  modified: ResourceChange[];
  replaced: ResourceChange[];
  removed: ResourceChange[];
  /** Stateful resources replaced or removed: data would be lost. */
  risky: RiskyChange[];
}

export function summarizeChanges(changes: ResourceChange[]): ChangeSummary {
  const summary: ChangeSummary = { added: [], modified: [], replaced: [], removed: [], risky: [] };
  for (const change of changes) {
    if (change.action === "Add" || change.action === "Import") summary.added.push(change);
    else if (change.action === "Remove") summary.removed.push(change);
    else if (change.replacement === "True" || change.replacement === "Conditional") summary.replaced.push(change);
    else summary.modified.push(change);
    const effect = riskyEffect(change);
    if (effect && STATEFUL_TYPES.has(change.resourceType))
      summary.risky.push({ logicalId: change.logicalId, resourceType: change.resourceType, effect });
  }
  return summary;
}

function riskyEffect(change: ResourceChange): RiskyChange["effect"] | undefined {
  if (change.action === "Remove") return "removed";
  if (change.action !== "Modify" && change.action !== "Dynamic") return undefined;
  if (change.replacement === "True") return "replaced";
  if (change.replacement === "Conditional") return "may be replaced";
  return undefined;
}

const NO_CHANGES = /didn't contain changes|no updates are to be performed/i;

/**
 * A change set with nothing to do. AWS ends it FAILED with "The submitted information
 * didn't contain changes…" (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeChangeSet.html
 * gives StatusReason for FAILED change sets); some emulators leave it AVAILABLE with an
 * empty Changes list instead. Both mean: no infrastructure work.
 */
export function isEmptyChangeSet(changeSet: ChangeSetState): boolean {
  if (changeSet.status === "FAILED") return NO_CHANGES.test(changeSet.statusReason ?? "");
  return changeSet.status === "CREATE_COMPLETE" && changeSet.changes.length === 0;
}

export function isChangeSetPending(changeSet: ChangeSetState): boolean {
  return changeSet.status === "CREATE_PENDING" || changeSet.status === "CREATE_IN_PROGRESS";
}
