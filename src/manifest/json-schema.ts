import { manifestSchema } from "./schema.js";
import { DURATION_PATTERN, type Schema } from "./schema-dsl.js";

type Json = Record<string, unknown>;

export const SCHEMA_ID = "https://berth.dev/schema/berth.schema.json";

/** The JSON Schema (draft 2020-12) of berth.yml, generated from the validator's own schema. */
export function manifestJsonSchema(): Json {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: SCHEMA_ID,
    title: "berth.yml",
    ...toJsonSchema(manifestSchema),
  };
}

/** `${VAR}` can stand for any scalar; the editor cannot know its value, so it accepts it. */
const INTERPOLATED = { type: "string", pattern: "\\$\\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\\}" };

/**
 * `removable`: inside an environment, any key may be `null` (`~`), which removes it from
 * the merged manifest.
 */
export function toJsonSchema(schema: Schema, removable = false): Json {
  const json = structuralJsonSchema(schema, removable || (schema.type === "object" && schema.removableKeys === true));
  const scalar =
    schema.type === "string" || schema.type === "number" || schema.type === "boolean" || schema.type === "duration";
  if (!scalar) return json;
  const { description, ...rest } = json;
  return { ...(description ? { description } : {}), anyOf: [rest, INTERPOLATED] };
}

function structuralJsonSchema(schema: Schema, removable: boolean): Json {
  const child = (s: Schema): Json =>
    removable ? { anyOf: [toJsonSchema(s, true), { type: "null" }] } : toJsonSchema(s);
  const doc = schema.description ? { description: schema.description } : {};
  switch (schema.type) {
    case "string":
      return {
        type: schema.coerce ? ["string", "number", "boolean"] : "string",
        ...doc,
        ...(schema.enum ? { enum: [...schema.enum] } : {}),
        ...(schema.pattern ? { pattern: schema.pattern.source } : {}),
        ...(schema.maxLength !== undefined ? { maxLength: schema.maxLength } : {}),
      };
    case "number":
      return {
        type: schema.integer ? "integer" : "number",
        ...doc,
        ...(schema.min !== undefined ? { minimum: schema.min } : {}),
        ...(schema.max !== undefined ? { maximum: schema.max } : {}),
        ...(schema.multipleOf !== undefined ? { multipleOf: schema.multipleOf } : {}),
      };
    case "boolean":
      return { type: "boolean", ...doc };
    case "duration":
      return {
        ...doc,
        anyOf: [
          {
            type: "integer",
            minimum: schema.minSeconds ?? 0,
            ...(schema.maxSeconds !== undefined ? { maximum: schema.maxSeconds } : {}),
          },
          { type: "string", pattern: DURATION_PATTERN.source },
        ],
      };
    case "object": {
      const properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, child(v)]));
      const extensions = schema.extensions ? { patternProperties: { "^x-": {} } } : {};
      return {
        type: "object",
        ...doc,
        properties,
        ...extensions,
        ...(schema.required?.length ? { required: [...schema.required] } : {}),
        additionalProperties: false,
      };
    }
    case "record":
      return {
        type: ["object", "null"],
        ...doc,
        propertyNames: toJsonSchema(schema.key),
        additionalProperties: child(schema.values),
      };
    case "array":
      return {
        type: "array",
        ...doc,
        items: toJsonSchema(schema.items, removable),
        ...(schema.minItems !== undefined ? { minItems: schema.minItems } : {}),
      };
    case "either":
      return { ...doc, anyOf: schema.options.map((o) => toJsonSchema(o, removable)) };
    case "any":
      return { ...doc };
  }
}
