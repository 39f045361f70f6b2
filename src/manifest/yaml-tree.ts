// The manifest as a tree that remembers where every value was written, so every check
// downstream can point at `berth.yml:line:col`. Environments are merged on this tree,
// so a merged value keeps the position of the file and line it came from.

import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar } from "yaml";
import type { Document, Node as YamlNode } from "yaml";
import { parseCommonYaml, type ScalarMaker } from "./common-yaml.js";
import { findMisindentedLine } from "./indentation.js";
import { interpolate, hasReference } from "./interpolate.js";
import { problemAt, type Position, type Problem } from "./problem.js";
import type { PEntry, PMap, PNode, PScalar } from "./yaml-nodes.js";
import { isSecretReference, SECRET_NAME_VARIABLES } from "./secret-names.js";

export type { PEntry, PMap, PNode, PScalar, PSeq } from "./yaml-nodes.js";

export interface ParsedTree {
  tree: PNode | undefined;
  problems: Problem[];
  /** `${VAR}` without a value or default, kept apart: one only matters where its environment is checked. */
  unsetVariables: Problem[];
}

export function parseManifestText(text: string, file: string, env: Record<string, string | undefined>): ParsedTree {
  const common = new Scalars(text, env);
  const tree = parseCommonYaml(text, file, common);
  if (tree) return { tree, problems: [], unsetVariables: common.unsetVariables };
  return parseWithYamlLibrary(text, file, env);
}

/** Any YAML, with the yaml library's errors; what parseCommonYaml reads gives the same tree. */
export function parseWithYamlLibrary(text: string, file: string, env: Record<string, string | undefined>): ParsedTree {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: false });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  // After the first syntax error the parser's view of the rest is guesswork, and its
  // follow-on errors are noise; duplicate keys are the exception: each one is real.
  const duplicates = doc.errors.filter((e) => e.code === "DUPLICATE_KEY");
  const syntax = doc.errors.find((e) => e.code !== "DUPLICATE_KEY");
  const reported = syntax ? [...duplicates.filter((e) => e.pos[0] < syntax.pos[0]), syntax] : duplicates;
  const problems: Problem[] = reported.map(
    (e) =>
      indentationProblem(text, file, at(e.pos[0]).line) ??
      problemAt(at(e.pos[0]), "", yamlMessage(e.code, e.message), yamlHint(e.code, lineOf(text, e.pos[0]))),
  );
  if (problems.length > 0) return { tree: undefined, problems, unsetVariables: [] };
  const scalars = new Scalars(text, env);
  const converter = new Converter(doc, at, scalars);
  const tree = doc.contents ? converter.node(doc.contents, at(0), "") : undefined;
  return { tree, problems: converter.problems, unsetVariables: scalars.unsetVariables };
}

function yamlMessage(code: string, message: string): string {
  if (code === "DUPLICATE_KEY") return "this key appears twice in the same map";
  // The yaml library appends a source excerpt after the first line; positions already say where.
  return `YAML syntax: ${message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "")}`;
}

/**
 * A syntax error next to a line indented like no open block is that line's mistake: the
 * parser stumbles at the line above it (or the one after). Reported where it is, with the
 * indentations it could have.
 */
function indentationProblem(text: string, file: string, errorLine: number): Problem | undefined {
  const found = findMisindentedLine(text);
  if (!found || Math.abs(found.line - errorLine) > 2) return undefined;
  const spaces = (n: number) => `${n} space${n === 1 ? "" : "s"}`;
  const under = found.parent ? ` (the keys under ${found.parent}:)` : "";
  const others = found.expected.slice(1);
  const close = others.length > 0 ? `, or by ${others.join(" or ")} spaces to close that block` : "";
  const hint = `indent it by ${spaces(found.expected[0]!)}${under}${close}`;
  const message = `YAML syntax: this line is indented by ${spaces(found.indent)}, which matches no key above it`;
  return problemAt({ file, line: found.line, col: found.indent + 1 }, "", message, hint);
}

function lineOf(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const end = text.indexOf("\n", offset);
  return text.slice(start, end < 0 ? undefined : end);
}

function yamlHint(code: string, line: string): string | undefined {
  if (/\{[^}]*\$\{/.test(line)) return 'inside { }, quote a value that holds ${…}: KEY: "${VAR}"';
  if (code === "DUPLICATE_KEY")
    return "keep one of them; environments go under `environments:` rather than repeating a key";
  if (code === "TAB_AS_INDENT") return "indent with spaces, not tabs";
  if (code === "BAD_INDENT" || code === "MISSING_CHAR")
    return "check the indentation and the `key: value` layout on this line";
  return undefined;
}

class Converter {
  readonly problems: Problem[] = [];
  private readonly resolving = new Set<YamlNode>();

  constructor(
    private readonly doc: Document,
    private readonly at: (offset: number) => Position,
    private readonly scalars: Scalars,
  ) {}

  node(node: unknown, fallback: Position, path: string): PNode {
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target || this.resolving.has(target)) {
        this.problems.push(
          problemAt(this.posOf(node, fallback), path, `alias *${node.source} does not point at a usable anchor`),
        );
        return this.nullAt(this.posOf(node, fallback));
      }
      this.resolving.add(target);
      const resolved = this.node(target, fallback, path);
      this.resolving.delete(target);
      return resolved;
    }
    const pos = this.posOf(node, fallback);
    if (isMap(node)) return this.map(node.items, pos, path);
    if (isSeq(node))
      return { kind: "seq", pos, items: node.items.map((item, i) => this.node(item, pos, `${path}[${i}]`)) };
    if (isScalar(node)) return this.scalar(node, pos, path);
    return this.nullAt(pos);
  }

  private map(items: unknown[], pos: Position, path: string): PMap {
    const entries: PEntry[] = [];
    const merged: PEntry[] = [];
    for (const pair of items) {
      if (!isPair(pair)) continue;
      const keyPos = this.posOf(pair.key, pos);
      if (!isScalar(pair.key) || pair.key.value === null || typeof pair.key.value === "object") {
        this.problems.push(problemAt(keyPos, path, "keys must be plain names", "write `name: value`"));
        continue;
      }
      const key = String(pair.key.value);
      const childPath = path === "" ? key : `${path}.${key}`;
      const value =
        pair.value === null || pair.value === undefined
          ? this.nullAt(keyPos)
          : this.node(pair.value, keyPos, childPath);
      if (key === "<<") {
        merged.push(...this.mergeEntries(value, path));
        continue;
      }
      entries.push({ key, keyPos, value });
    }
    // YAML merge keys (`<<: *base`): explicit keys win over merged ones.
    const own = new Set(entries.map((e) => e.key));
    for (const entry of merged) {
      if (own.has(entry.key)) continue;
      own.add(entry.key);
      entries.push(entry);
    }
    return { kind: "map", pos, entries };
  }

  private mergeEntries(value: PNode, path: string): PEntry[] {
    const sources = value.kind === "seq" ? value.items : [value];
    const entries: PEntry[] = [];
    for (const source of sources) {
      if (source.kind !== "map") {
        this.problems.push(problemAt(source.pos, path, "a merge key `<<` takes a map or a list of maps"));
        continue;
      }
      entries.push(...source.entries);
    }
    return entries;
  }

  private scalar(node: Scalar, pos: Position, path: string): PScalar {
    const raw = node.value;
    const value = raw === undefined ? null : typeof raw === "bigint" ? Number(raw) : (raw as PScalar["value"]);
    return this.scalars.make({
      value,
      written: node.source ?? String(node.value),
      plain: node.type === Scalar.PLAIN,
      range: node.range ? [node.range[0], node.range[1]] : [-1, -1],
      pos,
      path,
      at: this.at,
    });
  }

  private posOf(node: unknown, fallback: Position): Position {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? this.at(range[0]) : fallback;
  }

  private nullAt(pos: Position): PScalar {
    return { kind: "scalar", pos, value: null, written: "", interpolated: false };
  }
}

/** Scalar nodes for either parser: `${VAR}` interpolated, unset variables noted where they are written. */
class Scalars implements ScalarMaker {
  readonly unsetVariables: Problem[] = [];

  constructor(
    private readonly text: string,
    private readonly env: Record<string, string | undefined>,
  ) {}

  make({ value, written, plain, range, pos, path, at }: Parameters<ScalarMaker["make"]>[0]): PScalar {
    if (typeof value !== "string" || !hasReference(value))
      return { kind: "scalar", pos, value, written, interpolated: false };
    const result = interpolate(value, this.env, isSecretReference(path) ? SECRET_NAME_VARIABLES : []);
    for (const missing of result.missing) {
      // The position of `${NAME` inside the scalar's source, so the error points at the variable itself.
      const index = range[0] < 0 ? -1 : this.text.slice(range[0], range[1]).indexOf("${" + missing.name);
      this.unsetVariables.push(
        problemAt(
          index < 0 ? pos : at(range[0] + index),
          path,
          `environment variable ${missing.name} is not set`,
          `export ${missing.name}, or give a default: \${${missing.name}:-value}`,
        ),
      );
    }
    return {
      kind: "scalar",
      pos,
      value: plain ? retype(result.value) : result.value,
      written: value,
      interpolated: result.changed,
    };
  }
}

/** An unquoted `port: ${PORT}` should become the number 8000, as if 8000 had been written. */
function retype(value: string): string | number | boolean {
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value === "true") return true;
  if (value === "false") return false;
  return value;
}
