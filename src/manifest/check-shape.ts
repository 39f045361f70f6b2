import { didYouMean, didYouMeanKey } from "./did-you-mean.js";
import { joinPath, problemAt, type Position, type Problem } from "./problem.js";
import { PositionIndex } from "./position-index.js";
import { durationSeconds, formatSeconds, shown, stringProblem } from "./scalar-checks.js";
import {
  describe,
  type DurationSchema,
  type Infer,
  type NumberSchema,
  type ObjectSchema,
  type Schema,
  type StringSchema,
} from "./schema-dsl.js";
import type { PEntry, PNode, PScalar } from "./yaml-tree.js";

export interface ShapeResult {
  /** Plain data holding only what passed; durations are converted to seconds. */
  value: unknown;
  problems: Problem[];
  positions: PositionIndex;
}

/**
 * The checks of a file's sections and of the entries of its maps (`services.web`), by the
 * node checked: the passes over one file (the whole file, the base, each environment merged
 * over it) share the nodes an environment does not change, so each is checked once.
 */
export type ShapeCache = WeakMap<PNode, { schema: Schema; path: string; result: ShapeResult }>;

/**
 * The value is typed from the schema (`Infer`, schema-dsl.ts): that type is read off the same
 * schema this walks, one case per kind, so a key added to the schema is a key of the value
 * (test/manifest/raw-shape.test.ts pins the walker's values against the type).
 */
export function checkShape<S extends Schema>(
  node: PNode,
  schema: S,
  cache?: ShapeCache,
): ShapeResult & { value: Infer<S> | undefined };
export function checkShape(node: PNode, schema: Schema, cache: ShapeCache = new WeakMap()): ShapeResult {
  const checker = new ShapeChecker(cache);
  const value = checker.check(node, schema, "");
  return { value, problems: checker.problems, positions: checker.positions };
}

class ShapeChecker {
  readonly problems: Problem[] = [];
  readonly positions = new PositionIndex();

  /**
   * Inside an environment (a schema with `removableKeys`), `~` removes a key at any depth: the
   * merge drops it (src/manifest/environments.ts), so it is no value to check.
   */
  constructor(
    private readonly cache: ShapeCache,
    private removable = false,
  ) {}

  /** A section or an entry of one (`services`, `services.web`), checked once per node for every pass. */
  private child(node: PNode, schema: Schema, path: string): unknown {
    if (path.indexOf(".") !== path.lastIndexOf(".")) return this.check(node, schema, path);
    const cached = this.cache.get(node);
    let result = cached?.schema === schema && cached.path === path ? cached.result : undefined;
    if (!result) {
      const checker = new ShapeChecker(this.cache, this.removable);
      const value = checker.check(node, schema, path);
      result = { value, problems: checker.problems, positions: checker.positions };
      this.cache.set(node, { schema, path, result });
    }
    this.problems.push(...result.problems);
    this.positions.reuse(result.positions);
    return result.value;
  }

  check(node: PNode, schema: Schema, path: string): unknown {
    // A record entry already holds its key's position: "service web …" points at `web:`.
    if (!this.positions.has(path)) this.positions.set(path, node.pos);
    switch (schema.type) {
      case "any":
        return plain(node);
      case "object":
        return this.object(node, schema, path);
      case "record":
        return this.record(node, schema.key, schema.keyLabel, schema.values, path);
      case "array":
        if (node.kind !== "seq") return this.wrongType(node, schema, path);
        if (schema.minItems !== undefined && node.items.length < schema.minItems) {
          this.problems.push(
            problemAt(node.pos, path, `needs at least ${schema.minItems} item${schema.minItems === 1 ? "" : "s"}`),
          );
        }
        return node.items.map((item, i) => this.check(item, schema.items, joinPath(path, i)));
      case "either":
        return this.either(node, schema.options, schema, path);
      case "string":
        return this.string(node, schema, path);
      case "number":
        return this.number(node, schema, path);
      case "boolean":
        return node.kind === "scalar" && typeof node.value === "boolean"
          ? node.value
          : this.wrongType(node, schema, path);
      case "duration":
        return this.duration(node, schema, path);
    }
  }

  private object(node: PNode, schema: ObjectSchema, path: string): unknown {
    const { properties, required = [] } = schema;
    if (isEmpty(node)) return this.missingRequired(node.pos, required, path, {});
    if (node.kind !== "map") return this.wrongType(node, schema, path);
    const outer = this.removable;
    this.removable ||= schema.removableKeys === true;
    const out: Record<string, unknown> = {};
    for (const entry of node.entries) {
      if (schema.extensions && entry.key.startsWith("x-")) continue;
      const childPath = joinPath(path, entry.key);
      const childSchema = properties[entry.key];
      if (childSchema && this.removed(entry, childPath)) continue;
      if (!childSchema) {
        this.positions.set(childPath, entry.keyPos);
        const known = Object.keys(properties);
        this.problems.push(
          problemAt(
            entry.keyPos,
            childPath,
            `unknown key${didYouMeanKey(entry.key, known)}`,
            `known keys here: ${known.join(", ")}`,
          ),
        );
        continue;
      }
      const value = this.child(entry.value, childSchema, childPath);
      if (value !== undefined) out[entry.key] = value;
    }
    this.removable = outer;
    return this.missingRequired(
      node.pos,
      required.filter((key) => !node.entries.some((e) => e.key === key)),
      path,
      out,
    );
  }

  private missingRequired(
    pos: Position,
    missing: readonly string[],
    path: string,
    out: Record<string, unknown>,
  ): Record<string, unknown> {
    for (const key of missing)
      this.problems.push(problemAt(pos, joinPath(path, key), `required key is missing`, `add \`${key}:\` here`));
    return out;
  }

  private record(node: PNode, key: StringSchema, keyLabel: string, values: Schema, path: string): unknown {
    if (isEmpty(node)) return {};
    if (node.kind !== "map") return this.wrongType(node, { type: "record", key, keyLabel, values }, path);
    const out: Record<string, unknown> = {};
    for (const entry of node.entries) {
      const childPath = joinPath(path, entry.key);
      this.positions.set(childPath, entry.keyPos);
      const keyProblem = stringProblem(entry.key, key);
      if (keyProblem) {
        this.problems.push(
          problemAt(entry.keyPos, childPath, `"${entry.key}" is not a valid ${keyLabel}: ${keyProblem}`),
        );
        continue;
      }
      if (this.removed(entry, childPath)) continue;
      const value = this.child(entry.value, values, childPath);
      if (value !== undefined) out[entry.key] = value;
    }
    return out;
  }

  /** An environment's `key: ~`: nothing to check, but its position stays known for the rules. */
  private removed(entry: PEntry, path: string): boolean {
    if (!this.removable || !isEmpty(entry.value)) return false;
    this.positions.set(path, entry.keyPos);
    return true;
  }

  private either(node: PNode, options: readonly Schema[], schema: Schema, path: string): unknown {
    const kind = node.kind === "scalar" && node.value === null ? "empty" : node.kind;
    const fitting = options.filter((option) => fits(option, kind, node));
    const chosen = fitting[0];
    if (!chosen) return this.wrongType(node, schema, path);
    return this.check(node, chosen, path);
  }

  private string(node: PNode, schema: StringSchema, path: string): unknown {
    if (node.kind !== "scalar" || node.value === null || typeof node.value !== "string") {
      if (node.kind === "scalar" && (typeof node.value === "number" || typeof node.value === "boolean")) {
        if (schema.coerce) return node.interpolated ? String(node.value) : node.written;
        return this.wrongType(node, schema, path, `quote it so YAML keeps it as written: "${node.written}"`);
      }
      return this.wrongType(node, schema, path);
    }
    const problem = stringProblem(node.value, schema);
    if (problem) {
      const suggestion = schema.enum ? didYouMean(node.value, schema.enum) : "";
      const what = schema.secret ? "not a valid reference (value hidden)" : `${shown(node, schema)} is not valid`;
      this.problems.push(problemAt(node.pos, path, `${what}: ${problem}${suggestion}`));
      return undefined;
    }
    return node.value;
  }

  private number(node: PNode, schema: NumberSchema, path: string): unknown {
    if (node.kind !== "scalar" || typeof node.value !== "number") return this.wrongType(node, schema, path);
    const value = node.value;
    const bad =
      (schema.integer && !Number.isInteger(value)) ||
      (schema.min !== undefined && value < schema.min) ||
      (schema.max !== undefined && value > schema.max);
    if (bad) {
      this.problems.push(
        problemAt(node.pos, path, `${shown(node, schema)} is out of range: expected ${describe(schema)}`),
      );
      return undefined;
    }
    if (schema.multipleOf !== undefined && !Number.isInteger(Math.round((value / schema.multipleOf) * 1e6) / 1e6)) {
      this.problems.push(
        problemAt(node.pos, path, `${shown(node, schema)} must be a multiple of ${schema.multipleOf}`),
      );
      return undefined;
    }
    return value;
  }

  private duration(node: PNode, schema: DurationSchema, path: string): unknown {
    if (node.kind !== "scalar") return this.wrongType(node, schema, path);
    const seconds = durationSeconds(node.value);
    if (seconds === undefined) return this.wrongType(node, schema, path);
    if (schema.wholeMinutes && seconds % 60 !== 0) {
      this.problems.push(
        problemAt(
          node.pos,
          path,
          `${shown(node, schema)} is not a whole number of minutes`,
          `ECS counts this time in minutes: write ${Math.max(1, Math.round(seconds / 60))}m`,
        ),
      );
      return undefined;
    }
    const { minSeconds, maxSeconds } = schema;
    if ((minSeconds !== undefined && seconds < minSeconds) || (maxSeconds !== undefined && seconds > maxSeconds)) {
      const range = `from ${formatSeconds(minSeconds ?? 0)}${maxSeconds !== undefined ? ` to ${formatSeconds(maxSeconds)}` : " up"}`;
      this.problems.push(
        problemAt(node.pos, path, `${shown(node, schema)} is out of range: expected a duration ${range}`),
      );
      return undefined;
    }
    return seconds;
  }

  private wrongType(node: PNode, schema: Schema, path: string, hint?: string): undefined {
    const got =
      node.kind === "map"
        ? "a map"
        : node.kind === "seq"
          ? "a list"
          : node.value === null
            ? "nothing"
            : shown(node, schema);
    this.problems.push(problemAt(node.pos, path, `expected ${describe(schema)}, got ${got}`, hint));
    return undefined;
  }
}

function fits(option: Schema, kind: "map" | "seq" | "scalar" | "empty", node: PNode): boolean {
  switch (option.type) {
    case "object":
    case "record":
      return kind === "map" || kind === "empty";
    case "array":
      return kind === "seq";
    case "any":
      return true;
    case "string":
      return kind === "scalar" && typeof (node as PScalar).value === "string";
    case "number":
      return kind === "scalar" && typeof (node as PScalar).value === "number";
    case "boolean":
      return kind === "scalar" && typeof (node as PScalar).value === "boolean";
    case "duration":
      return kind === "scalar";
    case "either":
      return option.options.some((o) => fits(o, kind, node));
  }
}

function isEmpty(node: PNode): boolean {
  return node.kind === "scalar" && node.value === null;
}

function plain(node: PNode): unknown {
  if (node.kind === "scalar") return node.value;
  if (node.kind === "seq") return node.items.map(plain);
  return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
}
