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

// The constructors keep what they were given in their types (an enum's values, an object's
// properties, a list's items), so that `Infer` reads the checked value's type off the same
// schema the checker walks: the manifest's shape is written once (raw.ts).

export const str = (extra: Extra<StringSchema> = {}): StringSchema => ({ type: "string", ...extra });
export const oneOfStrings = <const V extends readonly string[]>(
  values: V,
  description?: string,
): Omit<StringSchema, "enum"> & { enum: V } => ({
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
export const obj = <P extends Record<string, Schema>>(
  properties: P,
  extra: Extra<Omit<ObjectSchema, "properties">> = {},
): Omit<ObjectSchema, "properties"> & { properties: P } => ({ type: "object", properties, ...extra });
export const record = <V extends Schema>(
  keyLabel: string,
  key: StringSchema,
  values: V,
  description?: string,
): Omit<RecordSchema, "values"> & { values: V } => ({
  type: "record",
  key,
  keyLabel,
  values,
  ...(description ? { description } : {}),
});
export const list = <I extends Schema>(
  items: I,
  extra: Extra<Omit<ArraySchema, "items">> = {},
): Omit<ArraySchema, "items"> & { items: I } => ({
  type: "array",
  items,
  ...extra,
});
export const either = <const O extends readonly Schema[]>(
  options: O,
  description?: string,
): Omit<EitherSchema, "options"> & { options: O } => ({
  type: "either",
  options,
  ...(description ? { description } : {}),
});
export const any = (description?: string): AnySchema => ({ type: "any", ...(description ? { description } : {}) });

/**
 * The value `checkShape` returns for a schema, as a type: what passed its check. Every key of
 * a map is optional (a missing or failing one is absent), a list keeps a hole (`undefined`)
 * where an item failed so that indexes still match positions, a duration is seconds, a
 * string with an enum is one of its values, `either` is any of its options.
 */
export type Infer<S> = S extends { type: "string"; enum: readonly (infer E extends string)[] }
  ? E
  : S extends { type: "string" }
    ? string
    : S extends { type: "number" | "duration" }
      ? number
      : S extends { type: "boolean" }
        ? boolean
        : S extends { type: "object"; properties: infer P }
          ? { [K in keyof P]?: Infer<P[K]> }
          : S extends { type: "record"; values: infer V }
            ? Record<string, Infer<V>>
            : S extends { type: "array"; items: infer I }
              ? (Infer<I> | undefined)[]
              : S extends { type: "either"; options: readonly (infer O)[] }
                ? Infer<O>
                : S extends { type: "any" }
                  ? unknown
                  : never;

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
