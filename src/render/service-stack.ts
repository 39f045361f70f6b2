import { sha256 } from "./sha256.js";
import type { Output, Template } from "./template.js";

/**
 * A service stack receives what it uses from the environment stack as template parameters,
 * never exports: an export cannot change while another stack imports it, which would freeze
 * the environment (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html).
 * Names are mechanical so both sides agree without a table: `{Ref: X}` becomes parameter `X`,
 * `{"Fn::GetAtt": [X, "A.B"]}` becomes parameter `XAB`, and `${X}` / `${X.A}` inside `Fn::Sub`
 * likewise. The environment stack outputs the same names (see docs/architecture.md).
 */
export interface ParameterizedStack {
  template: Template;
  /** Output name → value, for the environment stack: one per parameter the stack declares. */
  environmentOutputs: Record<string, unknown>;
}

/** The output every service stack carries: sha256 of its template without live weights and without this output. */
export const TEMPLATE_FINGERPRINT = "TemplateFingerprint";

export function parameterizeStack(template: Template): ParameterizedStack {
  const local = new Set(Object.keys(template.Resources));
  const outside: Record<string, unknown> = {};
  const external = (id: string) => !local.has(id) && !id.startsWith("AWS::");
  const bind = (id: string, attribute?: string): string => {
    const name = attribute === undefined ? id : `${id}${attribute.replace(/\./g, "")}`;
    outside[name] = attribute === undefined ? { Ref: id } : { "Fn::GetAtt": [id, attribute] };
    return name;
  };
  const subText = (text: string, variables: Set<string>) =>
    text.replace(/\$\{([^!}][^}]*)\}/g, (whole, inner: string) => {
      const [id, ...rest] = inner.split(".");
      if (variables.has(inner) || !external(id!)) return whole;
      return `\${${bind(id!, rest.length > 0 ? rest.join(".") : undefined)}}`;
    });
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== "object") return node;
    const map = node as Record<string, unknown>;
    const keys = Object.keys(map);
    if (keys.length === 1) {
      const ref = map.Ref;
      if (typeof ref === "string" && external(ref)) return { Ref: bind(ref) };
      const att = map["Fn::GetAtt"];
      const [id, attribute] = typeof att === "string" ? att.split(/\.(.*)/) : Array.isArray(att) ? att : [];
      if (typeof id === "string" && typeof attribute === "string" && external(id)) return { Ref: bind(id, attribute) };
      const text = map["Fn::Sub"];
      if (typeof text === "string") return { "Fn::Sub": subText(text, new Set()) };
      if (Array.isArray(text) && typeof text[0] === "string") {
        const variables = (text[1] ?? {}) as Record<string, unknown>;
        return { "Fn::Sub": [subText(text[0], new Set(Object.keys(variables))), walk(variables)] };
      }
    }
    const walked: Record<string, unknown> = {};
    for (const key of keys) walked[key] = walk(map[key]);
    return walked;
  };
  const resources: Record<string, unknown> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    const walked = walk(resource) as Record<string, unknown>;
    const dependsOn = walked.DependsOn;
    if (dependsOn !== undefined) {
      const kept = (Array.isArray(dependsOn) ? dependsOn : [dependsOn]).filter((d) => local.has(d as string));
      if (kept.length === 0) delete walked.DependsOn;
      else walked.DependsOn = Array.isArray(dependsOn) ? kept : kept[0];
    }
    resources[id] = walked;
  }
  const outputs = walk(template.Outputs) as Record<string, Output>;
  const names = Object.keys(outside).sort();
  const parameters = Object.fromEntries(
    names.map((name) => [name, { Type: "String" as const, Description: "From the environment stack" }]),
  );
  return {
    template: {
      AWSTemplateFormatVersion: template.AWSTemplateFormatVersion,
      Description: template.Description,
      ...(names.length > 0 ? { Parameters: parameters } : {}),
      Resources: resources,
      Outputs: outputs,
    },
    environmentOutputs: Object.fromEntries(names.map((name) => [name, outside[name]])),
  };
}

/** sha256 (hex) of the template as canonical JSON (keys sorted), without its fingerprint output. */
export function templateFingerprint(template: Template): string {
  const { [TEMPLATE_FINGERPRINT]: _, ...outputs } = template.Outputs;
  return sha256(canonicalJson({ ...template, Outputs: outputs })).toString("hex");
}

// JSON.stringify does the writing (natively); the replacer only hands it each map with sorted keys.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) => {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return node;
    const map = node as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(map).sort()) sorted[key] = map[key];
    return sorted;
  });
}
