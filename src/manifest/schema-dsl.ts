/**
 * A small schema language for the manifest. One description serves three readers: the
 * validator that walks the positioned YAML tree (check-shape.ts), the JSON Schema that
 * editors load (json-schema.ts), and the reference docs. Keeping them one source means
 * the editor and `berth validate` can never disagree.
 */
export type Schema =
  | StringSchema
  | NumberSchema
  | BooleanSchema
  | DurationSchema
  | ObjectSchema
  | RecordSchema
  | ArraySchema
  | EitherSchema
  | AnySchema;

interface Common {
  description?: string;
  /** Never echo this value back in an error. */
  secret?: boolean;
}

export interface StringSchema extends Common {
  type: "string";
  enum?: readonly string[];
  pattern?: RegExp;
  /** Says in words what `pattern` wants, for errors. */
  expected?: string;
  maxLength?: number;
  /** Accept numbers and booleans as the text written (environment variable values). */
  coerce?: boolean;
}

export interface NumberSchema extends Common {
  type: "number";
  integer?: boolean;
  min?: number;
  max?: number;
  multipleOf?: number;
}

export interface BooleanSchema extends Common {
  type: "boolean";
}

/** `90s`, `5m`, `1h30m` or a number of seconds; checked values are seconds. */
export interface DurationSchema extends Common {
  type: "duration";
  minSeconds?: number;
  maxSeconds?: number;
  /** ECS bakes in whole minutes. */
  wholeMinutes?: boolean;
}

export interface ObjectSchema extends Common {
  type: "object";
  properties: Record<string, Schema>;
  required?: readonly string[];
  /** Accept and ignore `x-` keys, the Compose convention for holding YAML anchors. */
  extensions?: boolean;
  /** An environment's overrides: `null` removes a key, at any depth (editor schema only; the merge handles it). */
  removableKeys?: boolean;
}

/** A map whose keys the user names (services, queues, env vars). */
export interface RecordSchema extends Common {
  type: "record";
  key: StringSchema;
  /** What a key is, for errors: "service name". */
  keyLabel: string;
  values: Schema;
}

export interface ArraySchema extends Common {
  type: "array";
  items: Schema;
  minItems?: number;
}

/** One of several shapes, told apart by the kind of YAML node (scalar, map, list). */
export interface EitherSchema extends Common {
  type: "either";
  options: readonly Schema[];
}

export interface AnySchema extends Common {
  type: "any";
}

type Extra<S> = Omit<S, "type">;

export const str = (extra: Extra<StringSchema> = {}): StringSchema => ({ type: "string", ...extra });
export const oneOfStrings = (values: readonly string[], description?: string): StringSchema => ({
  type: "string",
  enum: values,
  ...(description ? { description } : {}),
});
export const int = (extra: Extra<NumberSchema> = {}): NumberSchema => ({ type: "number", integer: true, ...extra });
export const num = (extra: Extra<NumberSchema> = {}): NumberSchema => ({ type: "number", ...extra });
export const bool = (description?: string): BooleanSchema => ({
  type: "boolean",
  ...(description ? { description } : {}),
});
export const duration = (extra: Extra<DurationSchema> = {}): DurationSchema => ({ type: "duration", ...extra });
export const obj = (
  properties: Record<string, Schema>,
  extra: Extra<Omit<ObjectSchema, "properties">> = {},
): ObjectSchema => ({ type: "object", properties, ...extra });
export const record = (keyLabel: string, key: StringSchema, values: Schema, description?: string): RecordSchema => ({
  type: "record",
  key,
  keyLabel,
  values,
  ...(description ? { description } : {}),
});
export const list = (items: Schema, extra: Extra<Omit<ArraySchema, "items">> = {}): ArraySchema => ({
  type: "array",
  items,
  ...extra,
});
export const either = (options: Schema[], description?: string): EitherSchema => ({
  type: "either",
  options,
  ...(description ? { description } : {}),
});
export const any = (description?: string): AnySchema => ({ type: "any", ...(description ? { description } : {}) });

/** Words for what a schema accepts, used in "expected …" errors. */
export function describe(schema: Schema): string {
  switch (schema.type) {
    case "string":
      if (schema.enum) return `one of ${schema.enum.join(", ")}`;
      return schema.expected ?? "a string";
    case "number": {
      const kind = schema.integer ? "a whole number" : "a number";
      if (schema.min !== undefined && schema.max !== undefined) return `${kind} from ${schema.min} to ${schema.max}`;
      if (schema.min !== undefined) return `${kind} of at least ${schema.min}`;
      return kind;
    }
    case "boolean":
      return "true or false";
    case "duration":
      return schema.wholeMinutes ? "a duration in whole minutes, such as 1m or 5m" : "a duration such as 30s, 5m or 1h";
    case "object":
      return "a map";
    case "record":
      return `a map of ${schema.keyLabel}s`;
    case "array":
      return schema.items.type === "string" && !schema.items.enum
        ? "a list of strings"
        : schema.items.type === "object"
          ? "a list of maps"
          : `a list, each item ${describe(schema.items)}`;
    case "either":
      return schema.options.map(describe).join(" or ");
    case "any":
      return "any value";
  }
}

/** The duration syntax, shared by the validator and the JSON Schema. */
export const DURATION_PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match || text === "") return undefined;
  const [, d, h, m, s] = match;
  return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
}
