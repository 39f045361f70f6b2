import type { Template } from "../render/template.js";

/** Why a database's engine cannot change under it, and what to do instead. */
export interface EngineChange {
  reason: string;
  hint: string;
}

/**
 * An Aurora cluster's engine cannot change in place: CloudFormation replaces the cluster
 * ("Update requires: Replacement" for Engine,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbcluster.html)
 * and the new one starts empty. The stack as deployed against the one rendered: a change of
 * engine of the database that exists is refused before any change set is made.
 */
export function engineChange(deployed: Template | undefined, rendered: Template): EngineChange | undefined {
  const before = engineOf(deployed);
  const after = engineOf(rendered);
  if (before === undefined || after === undefined || before === after) return undefined;
  return {
    reason: `database.engine would change from ${before} to ${after}: AWS cannot change an engine in place, so CloudFormation would replace the database and its data would not be carried over`,
    hint: `keep database.engine: ${before}; to move to ${after}, create another environment (or restore a snapshot there) and migrate the data, then switch`,
  };
}

function engineOf(template: Template | undefined): string | undefined {
  const database = template?.Resources.Database as { Type?: string; Properties?: { Engine?: unknown } } | undefined;
  const engine = database?.Type === "AWS::RDS::DBCluster" ? database.Properties?.Engine : undefined;
  return typeof engine === "string" ? engine : undefined;
}
