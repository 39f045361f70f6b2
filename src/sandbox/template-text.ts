import { parse, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from "yaml";

/** A CloudFormation template as plain data, intrinsic functions in their long form. */
export type Template = {
  Resources?: Record<string, TemplateResource>;
  Outputs?: Record<string, unknown>;
  [key: string]: unknown;
};
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  [key: string]: unknown;
}

// The short forms CloudFormation accepts in YAML templates:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
const FUNCTIONS = [
  "Base64",
  "Cidr",
  "FindInMap",
  "GetAZs",
  "ImportValue",
  "Join",
  "Select",
  "Split",
  "Sub",
  "Transform",
  "And",
  "Equals",
  "If",
  "Not",
  "Or",
  "ToJsonString",
  "Length",
];

function longForm(tag: string, value: unknown): unknown {
  if (tag === "Ref" || tag === "Condition") return { [tag]: value };
  if (tag === "GetAtt" && typeof value === "string") {
    const dot = value.indexOf(".");
    return { "Fn::GetAtt": [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${tag}`]: value };
}

function tagsFor(name: string): (ScalarTag | CollectionTag)[] {
  const tag = `!${name}`;
  return [
    { tag, resolve: (value: string) => longForm(name, value) },
    { tag, collection: "seq", resolve: (seq) => longForm(name, (seq as YAMLSeq).toJSON()) as never },
    { tag, collection: "map", resolve: (map) => longForm(name, (map as YAMLMap).toJSON()) as never },
  ] as (ScalarTag | CollectionTag)[];
}

const CFN_TAGS = ["Ref", "Condition", "GetAtt", ...FUNCTIONS].flatMap(tagsFor);

/** Parses a TemplateBody, JSON or YAML with short-form tags. */
export function parseTemplate(body: string): Template {
  const trimmed = body.trimStart();
  if (trimmed.startsWith("{")) return JSON.parse(body) as Template;
  return parse(body, { customTags: CFN_TAGS }) as Template;
}
