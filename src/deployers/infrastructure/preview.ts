// What `berth plan` (alias `diff`) reports where `berth deploy` would first have to write: a
// stack that does not exist, one to delete and create again, one whose rollback must be
// continued. Everything here only reads; see docs/architecture.md ("`plan` without `--out`
// changes nothing").

import { parse } from "yaml";
import { summarizeChanges } from "./change-summary.js";
import type { CloudFormationPort } from "./cloudformation-port.js";
import type { FollowingContext, InfrastructureRequest } from "./deploy-context.js";
import type { InfrastructureOutcome } from "./events.js";
import { resourcesToSkip } from "./root-cause.js";

/** Every resource of the template as an addition: what creating (or recreating) the stack adds. */
export function previewCreation(
  request: InfrastructureRequest,
  context: FollowingContext,
  repair?: { reason: string },
): InfrastructureOutcome {
  const template = (parse(request.templateBody) ?? {}) as { Resources?: Record<string, { Type?: string }> };
  const changes = Object.entries(template.Resources ?? {}).map(([logicalId, resource]) => ({
    action: "Add" as const,
    logicalId,
    resourceType: resource.Type ?? "unknown",
  }));
  const summary = summarizeChanges(changes);
  context.emit({ type: "change-set-ready", stackName: request.stackName, summary });
  return {
    result: "planned",
    stackName: request.stackName,
    summary,
    ...(repair ? { repair: { kind: "recreate", reason: repair.reason } } : {}),
  };
}

/**
 * A stack in UPDATE_ROLLBACK_FAILED accepts no change set until its rollback is continued,
 * so the changes themselves are unknown until then: report the repair and what it would skip.
 */
export async function previewContinuedRollback(
  port: Pick<CloudFormationPort, "listStackResources">,
  request: InfrastructureRequest,
): Promise<InfrastructureOutcome> {
  const skipped = resourcesToSkip(await port.listStackResources(request.stackName)).map((r) => ({
    ...r,
    reason: r.reason ?? "rollback failed",
  }));
  const summary = summarizeChanges([]);
  return {
    result: "planned",
    stackName: request.stackName,
    summary,
    repair: {
      kind: "continue-rollback",
      reason: "an update failed and so did its rollback (UPDATE_ROLLBACK_FAILED)",
      skipped,
    },
  };
}
