import { parse, type Tags } from "yaml";
import { UserError, EXIT } from "../exit-codes.js";
import type { Template } from "../render/template.js";

/**
 * CloudFormation's short-form intrinsic functions (`!Ref X`, `!GetAtt A.B`, `!Sub …`), read
 * as their long form. berth writes the long form, but a stack changed by hand or by another
 * tool may hold the short one, and read as plain YAML `!Ref X` would silently become "X".
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
// prettier-ignore
const FUNCTIONS = [
  "And", "Base64", "Cidr", "Equals", "FindInMap", "GetAZs", "If", "ImportValue", "Join", "Not", "Or",
  "Select", "Split", "Sub", "Transform", "Condition", "Length", "ToJsonString",
];

function longForm(name: string, value: unknown): Record<string, unknown> {
  if (name === "Ref" || name === "Condition") return { [name]: value };
  if (name === "GetAtt" && typeof value === "string") {
    const dot = value.indexOf(".");
    return { "Fn::GetAtt": dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

export const shortForms: Tags = [...FUNCTIONS, "Ref", "GetAtt"].flatMap((name) =>
  (["scalar", "seq", "map"] as const).map((kind) => ({
    tag: `!${name}`,
    ...(kind === "scalar" ? {} : { collection: kind }),
    resolve: (value: unknown) => longForm(name, kind === "scalar" ? value : (value as { toJSON(): unknown }).toJSON()),
  })),
) as Tags;

/**
 * The template a stack was last deployed with, as data. A template berth cannot read is
 * an error, never "no template": berth keeps the listener weights and rules ECS set from it
 * (docs/architecture.md, "The data flow of `berth deploy`"), and guessing would move traffic.
 */
export function parseDeployedTemplate(stackName: string, body: string): Template {
  try {
    const template: unknown = parse(body, { customTags: shortForms, logLevel: "error" });
    if (template !== null && typeof template === "object" && !Array.isArray(template)) return template as Template;
    throw new Error("it is not a mapping of sections");
  } catch (error) {
    throw new UserError(
      `stack ${stackName}: the template it was last deployed with cannot be read (${(error as Error).message.split("\n")[0]})`,
      EXIT.failure,
      "it was changed outside berth; berth reads it to keep the traffic ECS set. Update the stack with the template `berth render` writes (CloudFormation console, or aws cloudformation update-stack), then deploy again",
    );
  }
}
