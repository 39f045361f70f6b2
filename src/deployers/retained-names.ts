import type { Template } from "../render/template.js";

/** The resource types berth retains under a name of its own (templates/service.yml, production). */
const NAME_PROPERTY: Record<string, string> = { "AWS::Logs::LogGroup": "LogGroupName" };

/**
 * Whether the template keeps, on deletion, a resource it names itself: when its stack is
 * deleted (a service removed, an environment destroyed) the resource stays under that name,
 * and a new stack of the same template would fail on it ("already exists") unless
 * CloudFormation imports it. Auto-import takes exactly these: a static custom name and a
 * Retain deletion policy
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/import-resources-automatically.html).
 */
export function hasRetainedNames(template: Template): boolean {
  return Object.values(template.Resources).some((resource) => {
    const {
      Type = "",
      DeletionPolicy,
      Properties = {},
    } = resource as {
      Type?: string;
      DeletionPolicy?: string;
      Properties?: Record<string, unknown>;
    };
    const property = NAME_PROPERTY[Type];
    return property !== undefined && DeletionPolicy === "Retain" && typeof Properties[property] === "string";
  });
}
