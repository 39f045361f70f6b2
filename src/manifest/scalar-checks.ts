import { describe, parseDuration, type Schema, type StringSchema } from "./schema-dsl.js";
import type { PScalar } from "./yaml-tree.js";

// What the shape check (check-shape.ts) says of a scalar: its string rules, its duration, how it is shown.

/** What is wrong with a string against its schema's enum, pattern and length, if anything. */
export function stringProblem(value: string, schema: StringSchema): string | undefined {
  if (schema.enum && !schema.enum.includes(value)) return `expected ${describe(schema)}`;
  if (schema.pattern && !schema.pattern.test(value))
    return `expected ${schema.expected ?? `text matching ${schema.pattern.source}`}`;
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    return `at most ${schema.maxLength} characters (this one has ${value.length})`;
  return undefined;
}

export function durationSeconds(value: PScalar["value"]): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === "string") return parseDuration(value);
  return undefined;
}

export function formatSeconds(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** A value as it may appear in an error: never a secret, and as written when it was interpolated. */
export function shown(node: PScalar, schema?: Schema): string {
  if (schema?.secret) return "the value (hidden, it is a secret reference)";
  if (node.interpolated) return JSON.stringify(node.written);
  return typeof node.value === "string" ? JSON.stringify(node.value) : String(node.value);
}
