// The YAML most manifests are written in — block maps and lists indented with spaces, one-line
// `{ }` and `[ ]`, plain and quoted one-line scalars, comments — parsed in one pass over the
// lines. The yaml library takes most of `validate`'s time on a manifest of 100 services
// (docs/architecture.md, "Start-up"); this reads the same tree several times faster. Anything
// else (anchors, aliases, tags, block scalars, multi-line values, escapes, tabs, duplicate keys,
// every error) returns undefined, and yaml-tree.ts parses the file with the yaml library, whose
// tree and messages stay the reference: test/manifest/common-yaml.test.ts compares the two.

import type { Position } from "./problem.js";
import type { PEntry, PMap, PNode, PScalar, PSeq } from "./yaml-nodes.js";

/** Makes a scalar node as the yaml library's path does (interpolation, unset variables). */
export interface ScalarMaker {
  make(scalar: {
    value: string | number | boolean | null;
    written: string;
    plain: boolean;
    /** Offsets of the scalar's source, quotes included. */
    range: [number, number];
    pos: Position;
    path: string;
    at: (offset: number) => Position;
  }): PScalar;
}

interface Line {
  /** Column (0-based) where the content starts; moved past `- ` for a list item's map. */
  indent: number;
  /** Offsets of the line's first character, of its content's, and of its end. */
  begin: number;
  start: number;
  end: number;
  number: number;
}

class OutsideSubset extends Error {}

const KEY = /[A-Za-z0-9_][A-Za-z0-9_./-]*/y;
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
// The yaml library's other core-schema numbers (hex, octal, exponents, .inf, .nan): left to it.
const OTHER_NUMBER = /^(?:0o|0x|[-+]?\.(?:inf|Inf|INF)$|\.(?:nan|NaN|NAN)$|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE])/;
// A plain scalar may not start with an indicator (YAML 1.2, 7.3.3); `-` only before a space.
const INDICATOR_START = /^(?:[&*!|>%@`?:,\]}#'"[{]|-(?:[^0-9A-Za-z]|$))/;

export function parseCommonYaml(text: string, file: string, makeScalar: ScalarMaker): PNode | undefined {
  try {
    return new CommonYamlParser(text, file, makeScalar).document();
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}

class CommonYamlParser {
  private readonly lines: Line[] = [];
  private cursor = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly makeScalar: ScalarMaker,
  ) {
    if (/[\t\r\\]|^\uFEFF/.test(text)) throw new OutsideSubset();
    let start = 0;
    for (let number = 1; start <= text.length; number++) {
      const newline = text.indexOf("\n", start);
      const end = newline < 0 ? text.length : newline;
      let content = start;
      while (text.charCodeAt(content) === 32) content++;
      const first = text[content];
      if (content < end && first !== "#") {
        if (content === start && /^(?:---|\.\.\.|%)/.test(text.slice(start, start + 3))) throw new OutsideSubset();
        this.lines.push({ indent: content - start, begin: start, start: content, end, number });
      }
      start = end + 1;
    }
  }

  document(): PNode {
    const first = this.lines[0];
    if (!first || first.indent !== 0 || this.isListItem(first)) throw new OutsideSubset();
    const root = this.blockMap(0, "");
    if (this.cursor < this.lines.length) throw new OutsideSubset();
    return root;
  }

  private pos(offset: number, line: Line): Position {
    return { file: this.file, line: line.number, col: offset - line.begin + 1 };
  }

  /** The position of any offset on a line with content (where scalars are). */
  private readonly at = (offset: number): Position => {
    let low = 0;
    let high = this.lines.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lines[mid]!.begin <= offset) low = mid;
      else high = mid - 1;
    }
    return this.pos(offset, this.lines[low]!);
  };

  private scalar(
    value: PScalar["value"],
    written: string,
    plain: boolean,
    range: [number, number],
    line: Line,
    path: string,
  ): PScalar {
    return this.makeScalar.make({ value, written, plain, range, pos: this.pos(range[0], line), path, at: this.at });
  }

  private isListItem(line: Line): boolean {
    return this.text[line.start] === "-" && (line.start + 1 === line.end || this.text[line.start + 1] === " ");
  }

  private blockMap(indent: number, path: string): PMap {
    const entries: PEntry[] = [];
    const keys = new Set<string>();
    const first = this.lines[this.cursor]!;
    const pos = this.pos(first.start, first);
    for (let line = this.lines[this.cursor]; line && line.indent >= indent; line = this.lines[this.cursor]) {
      if (line.indent > indent || this.isListItem(line)) throw new OutsideSubset();
      const key = this.key(line.start, line.end);
      if (keys.has(key.name)) throw new OutsideSubset();
      keys.add(key.name);
      const keyPos = this.pos(line.start, line);
      const childPath = path === "" ? key.name : `${path}.${key.name}`;
      this.cursor++;
      entries.push({ key: key.name, keyPos, value: this.mapValue(line, key.after, indent, childPath) });
    }
    return { kind: "map", pos, entries };
  }

  /** The value after `key:` on `line`: inline, a nested block below it, or nothing. */
  private mapValue(line: Line, from: number, indent: number, path: string): PNode {
    const start = this.skipSpaces(from, line.end);
    if (start < line.end && this.text[start] !== "#") return this.inlineValue(line, start, indent, path);
    const next = this.lines[this.cursor];
    if (next && next.indent > indent)
      return this.isListItem(next) ? this.blockList(next.indent, path) : this.blockMap(next.indent, path);
    if (next && next.indent === indent && this.isListItem(next)) return this.blockList(indent, path);
    return { kind: "scalar", pos: this.pos(start, line), value: null, written: "", interpolated: false };
  }

  private blockList(indent: number, path: string): PSeq {
    const items: PNode[] = [];
    const first = this.lines[this.cursor]!;
    const pos = this.pos(first.start, first);
    for (
      let line = this.lines[this.cursor];
      line && line.indent === indent && this.isListItem(line);
      line = this.lines[this.cursor]
    ) {
      const start = this.skipSpaces(line.start + 1, line.end);
      if (start >= line.end || this.text[start] === "#" || this.isListItemAt(start, line.end))
        throw new OutsideSubset();
      const itemPath = `${path}[${items.length}]`;
      if (this.startsWithKey(start, line.end)) {
        // `- key: value` opens a map whose keys line up with this first one.
        const column = indent + (start - line.start);
        this.lines[this.cursor] = { ...line, indent: column, start };
        items.push(this.blockMap(column, itemPath));
      } else {
        this.cursor++;
        items.push(this.inlineValue(line, start, indent, itemPath));
      }
    }
    const after = this.lines[this.cursor];
    if (after && after.indent > indent) throw new OutsideSubset();
    return { kind: "seq", pos, items };
  }

  private isListItemAt(offset: number, end: number): boolean {
    return this.text[offset] === "-" && (offset + 1 === end || this.text[offset + 1] === " ");
  }

  private startsWithKey(offset: number, end: number): boolean {
    KEY.lastIndex = offset;
    if (!KEY.test(this.text)) return false;
    const colon = KEY.lastIndex;
    return this.text[colon] === ":" && (colon + 1 === end || this.text[colon + 1] === " ");
  }

  private key(offset: number, end: number): { name: string; after: number } {
    KEY.lastIndex = offset;
    if (!KEY.test(this.text)) throw new OutsideSubset();
    const colon = KEY.lastIndex;
    if (this.text[colon] !== ":" || (colon + 1 < end && this.text[colon + 1] !== " ")) throw new OutsideSubset();
    const written = this.text.slice(offset, colon);
    const value = resolvePlain(written);
    if (value === null) throw new OutsideSubset();
    return { name: String(value), after: colon + 1 };
  }

  /** A value that starts on this line and ends on it; a line below indented past `indent` would continue it. */
  private inlineValue(line: Line, start: number, indent: number, path: string): PNode {
    const value = this.text[start] === "{" || this.text[start] === "[" ? this.flow(line, start, path) : undefined;
    const node = value ?? this.blockScalar(line, start, path);
    const next = this.lines[this.cursor];
    if (next && next.indent > indent) throw new OutsideSubset();
    return node;
  }

  private blockScalar(line: Line, start: number, path: string): PScalar {
    const quote = this.text[start];
    if (quote === '"' || quote === "'") {
      const { node, end } = this.quoted(line, start, path);
      this.expectLineEnd(end, line.end);
      return node;
    }
    if (INDICATOR_START.test(this.text.slice(start, start + 2))) throw new OutsideSubset();
    const comment = this.text.slice(start, line.end).indexOf(" #");
    let end = comment < 0 ? line.end : start + comment;
    while (this.text.charCodeAt(end - 1) === 32) end--;
    const written = this.text.slice(start, end);
    if (written.includes(": ") || written.endsWith(":")) throw new OutsideSubset();
    return this.scalar(resolvePlain(written), written, true, [start, end], line, path);
  }

  private quoted(line: Line, start: number, path: string): { node: PScalar; end: number } {
    const quote = this.text[start]!;
    let value = "";
    let offset = start + 1;
    for (;;) {
      const close = this.text.indexOf(quote, offset);
      if (close < 0 || close >= line.end) throw new OutsideSubset();
      value += this.text.slice(offset, close);
      // Inside single quotes, '' is one quote (YAML 1.2, 7.3.2).
      if (quote === "'" && this.text[close + 1] === "'") {
        value += "'";
        offset = close + 2;
        continue;
      }
      const node = this.scalar(value, value, false, [start, close + 1], line, path);
      return { node, end: close + 1 };
    }
  }

  private expectLineEnd(offset: number, end: number): void {
    const rest = this.skipSpaces(offset, end);
    if (rest < end && !(this.text[rest] === "#" && rest > offset)) throw new OutsideSubset();
  }

  /** `{ key: value, … }` or `[ item, … ]` closed on the same line. */
  private flow(line: Line, start: number, path: string): PNode {
    const { node, end } = this.flowNode(line, start, path);
    this.expectLineEnd(end, line.end);
    return node;
  }

  private flowNode(line: Line, start: number, path: string): { node: PNode; end: number } {
    const open = this.text[start];
    if (open === '"' || open === "'") return this.quoted(line, start, path);
    if (open !== "{" && open !== "[") return this.flowScalar(line, start, path);
    const close = open === "{" ? "}" : "]";
    const pos = this.pos(start, line);
    const entries: PEntry[] = [];
    const items: PNode[] = [];
    const keys = new Set<string>();
    let offset = this.skipSpaces(start + 1, line.end);
    if (this.text[offset] === close) offset++;
    else {
      for (;;) {
        if (open === "{") {
          const key = this.key(offset, line.end);
          if (keys.has(key.name) || this.text[key.after] !== " ") throw new OutsideSubset();
          keys.add(key.name);
          const childPath = path === "" ? key.name : `${path}.${key.name}`;
          const valueStart = this.skipSpaces(key.after, line.end);
          const value = this.flowNode(line, valueStart, childPath);
          entries.push({ key: key.name, keyPos: this.pos(offset, line), value: value.node });
          offset = value.end;
        } else {
          const item = this.flowNode(line, offset, `${path}[${items.length}]`);
          items.push(item.node);
          offset = item.end;
        }
        offset = this.skipSpaces(offset, line.end);
        if (this.text[offset] === close) {
          offset++;
          break;
        }
        if (this.text[offset] !== ",") throw new OutsideSubset();
        offset = this.skipSpaces(offset + 1, line.end);
        if (this.text[offset] === close || offset >= line.end) throw new OutsideSubset();
      }
    }
    const node: PNode = open === "{" ? { kind: "map", pos, entries } : { kind: "seq", pos, items };
    return { node, end: offset };
  }

  private flowScalar(line: Line, start: number, path: string): { node: PScalar; end: number } {
    if (start >= line.end || INDICATOR_START.test(this.text.slice(start, start + 2))) throw new OutsideSubset();
    let end = start;
    while (end < line.end && !",[]{}#:".includes(this.text[end]!)) end++;
    if (this.text[end] === "#" || this.text[end] === ":") throw new OutsideSubset();
    let last = end;
    while (this.text.charCodeAt(last - 1) === 32) last--;
    const written = this.text.slice(start, last);
    const node = this.scalar(resolvePlain(written), written, true, [start, last], line, path);
    return { node, end };
  }

  private skipSpaces(offset: number, end: number): number {
    while (offset < end && this.text.charCodeAt(offset) === 32) offset++;
    return offset;
  }
}

/** A plain scalar's value under YAML 1.2's core schema, as the yaml library resolves it. */
function resolvePlain(written: string): string | number | boolean | null {
  // Only these characters start a null, a boolean or a number: most values are spared the patterns.
  if (!"~nNtTfF+-.0123456789".includes(written[0] ?? "")) return written;
  if (NULL.test(written)) return null;
  if (TRUE.test(written)) return true;
  if (FALSE.test(written)) return false;
  if (INT.test(written)) return Number(written);
  if (FLOAT.test(written)) return parseFloat(written);
  if (OTHER_NUMBER.test(written)) throw new OutsideSubset();
  return written;
}
