import { createHash } from "node:crypto";
import { standInAttribute, standInRef, type StandInContext } from "./stand-in-values.js";
import type { Template, TemplateResource } from "./template-text.js";
import { scheduleStandInValue } from "./schedule-mirror.js";
import { isUnmodelled } from "./unmodelled-types.js";

export interface SimulatedResource {
  logicalId: string;
  resourceType: string;
  /** What the sandbox changed, when the resource is kept but adjusted. */
  detail?: string;
}

interface Unmodelled {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
}

// An SSM parameter is the smallest thing moto does create from a template: the stand-in
// keeps the logical ID (so DependsOn and the stack's resource list still hold) and records
// the type it replaces.
export const STAND_IN_TYPE = "AWS::SSM::Parameter";

/**
 * Replaces the resources moto cannot create with stand-ins it can, and every Ref,
 * Fn::GetAtt and Fn::Sub reference to them with values shaped like AWS's, so stack
 * creation succeeds and Outputs keep their keys. A template without such resources comes
 * back as the same object.
 */
export function standInUnmodelledResources(
  template: Template,
  context: StandInContext,
): { template: Template; simulated: SimulatedResource[] } {
  const resources = template.Resources ?? {};
  const unmodelled = new Map<string, Unmodelled>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource && isUnmodelled(resource.Type, resource.Properties))
      unmodelled.set(logicalId, { logicalId, type: resource.Type, properties: resource.Properties ?? {} });
  }
  if (unmodelled.size === 0) return { template, simulated: [] };

  const rewrite = (value: unknown): unknown => rewriteReferences(value, unmodelled, context);
  const rewritten = rewrite({ ...template, Resources: undefined }) as Template;
  rewritten.Resources = {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    const standsIn = unmodelled.has(logicalId);
    rewritten.Resources[logicalId] = standsIn
      ? standIn(logicalId, resource, context, rewrite)
      : (rewrite(resource) as TemplateResource);
  }
  return {
    template: rewritten,
    simulated: [...unmodelled.values()].map((r) => ({ logicalId: r.logicalId, resourceType: r.type })),
  };
}

function standIn(
  logicalId: string,
  resource: TemplateResource,
  context: StandInContext,
  rewrite: (value: unknown) => unknown,
): TemplateResource {
  // Only the resource attributes CloudFormation applies to any type survive.
  const { Type, DependsOn, Condition, DeletionPolicy, UpdateReplacePolicy } = resource;
  const kept = Object.fromEntries(
    Object.entries({ DependsOn, Condition, DeletionPolicy, UpdateReplacePolicy }).filter(([, v]) => v !== undefined),
  );
  return {
    ...kept,
    Type: STAND_IN_TYPE,
    Properties: {
      Name: `/berth-sandbox/${context.stackName}/${logicalId}`,
      Type: "String",
      // A schedule's properties, resolved by moto, for the sandbox to create it in moto's Scheduler API.
      Value:
        Type === "AWS::Scheduler::Schedule"
          ? scheduleStandInValue(rewrite(resource.Properties ?? {}) as Record<string, unknown>)
          : Type,
      // The digest makes moto see a change of the original properties as a change of the stand-in.
      Description: `berth sandbox: stands in for ${Type}, which moto does not create from templates (properties ${digest(resource.Properties)})`,
    },
  };
}

function rewriteReferences(value: unknown, unmodelled: Map<string, Unmodelled>, context: StandInContext): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteReferences(item, unmodelled, context));
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1) {
    const ref = object.Ref;
    if (typeof ref === "string" && unmodelled.has(ref)) return standInRef(unmodelled.get(ref)!, context);
    const getAtt = attributeReference(object["Fn::GetAtt"]);
    if (getAtt && unmodelled.has(getAtt.logicalId))
      return standInAttribute(unmodelled.get(getAtt.logicalId)!, getAtt.attribute, context);
    if ("Fn::Sub" in object) return { "Fn::Sub": rewriteSub(object["Fn::Sub"], unmodelled, context) };
  }
  return Object.fromEntries(keys.map((key) => [key, rewriteReferences(object[key], unmodelled, context)]));
}

function attributeReference(value: unknown): { logicalId: string; attribute: string } | undefined {
  if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string")
    return { logicalId: value[0], attribute: value[1] };
  if (typeof value === "string" && value.includes(".")) {
    const dot = value.indexOf(".");
    return { logicalId: value.slice(0, dot), attribute: value.slice(dot + 1) };
  }
  return undefined;
}

/** ${Name} and ${Name.Attribute} inside Fn::Sub, except names the Sub's own variable map defines and ${!literal}. */
function rewriteSub(sub: unknown, unmodelled: Map<string, Unmodelled>, context: StandInContext): unknown {
  const [text, variables] = Array.isArray(sub)
    ? [sub[0], sub[1] as Record<string, unknown> | undefined]
    : [sub, undefined];
  if (typeof text !== "string") return rewriteReferences(sub, unmodelled, context);
  const replaced = text.replace(/\$\{([^!}][^}]*)\}/g, (whole, name: string) => {
    if (variables && name in variables) return whole;
    const reference = attributeReference(name);
    const target = unmodelled.get(reference?.logicalId ?? name);
    if (!target) return whole;
    return reference ? standInAttribute(target, reference.attribute, context) : standInRef(target, context);
  });
  return Array.isArray(sub) ? [replaced, rewriteReferences(variables, unmodelled, context)] : replaced;
}

function digest(properties: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(properties ?? {}))
    .digest("hex")
    .slice(0, 16);
}
