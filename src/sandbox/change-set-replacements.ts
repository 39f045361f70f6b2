import type { AwsRequest } from "./aws-request.js";
import createOnly from "./create-only-properties.json" with { type: "json" };
import { parseTemplate, type Template, type TemplateResource } from "./template-text.js";

const CREATE_ONLY: Record<string, string[] | undefined> = createOnly.types;

/**
 * Properties CloudFormation's resource reference marks "Update requires: Replacement" that the
 * registry schemas do not list as create-only: an Aurora cluster's engine
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbcluster.html).
 */
const REPLACED_ON_CHANGE: Record<string, string[]> = { "AWS::RDS::DBCluster": ["/properties/Engine"] };
const RESOURCE_CHANGE = /<ResourceChange>([\s\S]*?)<\/ResourceChange>/g;

/**
 * moto's change sets say "Modify" and never whether the resource is replaced, so the
 * data-loss guard could not be tried in the sandbox. CloudFormation replaces a resource
 * when an update changes one of its create-only properties (the resource schema's
 * createOnlyProperties, https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html).
 * The sandbox keeps the templates as berth sent them (before stand-ins), per change set
 * and as last executed per stack, and adds Replacement True or False to each Modify of a
 * type whose create-only properties it knows (src/sandbox/create-only-properties.json).
 * The same templates answer GetTemplate (what `keepDeployedRules` and the engine check read).
 */
export function changeSetReplacements() {
  const pending = new Map<string, Template>();
  const deployed = new Map<string, Template>();
  const key = (stack: string, changeSet: string) =>
    `${stack}\n${changeSet.replace(/^arn:.*:changeSet\/([^/]+)\/.*$/, "$1")}`;
  return {
    observe(request: AwsRequest, status: number): void {
      if (request.protocol !== "query" || status !== 200) return;
      const stack = request.params.get("StackName") ?? "";
      const changeSet = request.params.get("ChangeSetName") ?? "";
      const body = request.params.get("TemplateBody");
      if (request.action === "CreateChangeSet" && body) pending.set(key(stack, changeSet), parsed(body));
      if ((request.action === "CreateStack" || request.action === "UpdateStack") && body)
        deployed.set(stack, parsed(body));
      if (request.action === "DeleteStack") deployed.delete(stack);
      const executed = request.action === "ExecuteChangeSet" ? pending.get(key(stack, changeSet)) : undefined;
      if (executed) deployed.set(stack, executed);
    },
    rewrite(request: AwsRequest, xml: string): string {
      if (request.protocol === "query" && request.action === "GetTemplate")
        return originalTemplate(request.params.get("StackName") ?? "", xml, deployed);
      if (request.protocol !== "query" || request.action !== "DescribeChangeSet") return xml;
      const stack = request.params.get("StackName") ?? "";
      const before = deployed.get(stack);
      const after = pending.get(key(stack, request.params.get("ChangeSetName") ?? ""));
      if (!before || !after) return xml;
      return xml.replace(RESOURCE_CHANGE, (whole, inner: string) => {
        const logicalId = /<LogicalResourceId>([^<]+)<\/LogicalResourceId>/.exec(inner)?.[1];
        if (!/<Action>Modify<\/Action>/.test(inner) || /<Replacement>/.test(inner) || !logicalId) return whole;
        const replaced = replacementOf(before.Resources?.[logicalId], after.Resources?.[logicalId]);
        return replaced === undefined
          ? whole
          : `<ResourceChange>${inner}<Replacement>${replaced ? "True" : "False"}</Replacement></ResourceChange>`;
      });
    },
  };
}

/**
 * GetTemplate answers what berth sent, stood-in resources (such as the Aurora cluster)
 * included, as CloudFormation would: moto's copy has them taken out.
 */
function originalTemplate(stack: string, xml: string, deployed: Map<string, Template>): string {
  const sent = deployed.get(stack);
  if (!sent) return xml;
  const escaped = JSON.stringify(sent).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return xml.replace(/<TemplateBody>[\s\S]*?<\/TemplateBody>/, () => `<TemplateBody>${escaped}</TemplateBody>`);
}

/** Whether an update replaces the resource; undefined when its type's create-only properties are unknown. */
export function replacementOf(
  before: TemplateResource | undefined,
  after: TemplateResource | undefined,
): boolean | undefined {
  const paths = after ? CREATE_ONLY[after.Type] : undefined;
  if (!before || !after || !paths) return undefined;
  if (before.Type !== after.Type) return true;
  return [...paths, ...(REPLACED_ON_CHANGE[after.Type] ?? [])].some(
    (path) => JSON.stringify(at(before.Properties, path)) !== JSON.stringify(at(after.Properties, path)),
  );
}

/** The value at a schema path (/properties/A/B); a `*` (any array item) compares the whole array. */
function at(properties: Record<string, unknown> | undefined, path: string): unknown {
  const segments = path.replace(/^\/properties\//, "").split("/");
  let value: unknown = properties;
  for (const segment of segments) {
    if (segment === "*") break;
    value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[segment] : undefined;
  }
  return value;
}

function parsed(body: string): Template {
  try {
    return parseTemplate(body);
  } catch {
    return { Resources: {} };
  }
}
