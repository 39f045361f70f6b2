/**
 * Where an indentation mistake is. YAML parsers report it where the structure stops making
 * sense, which is often the line above the wrong one (`image: x` followed by a key indented
 * one space deeper is read as a multi-line key). This walks the block structure by
 * indentation alone and names the first line whose indentation matches no open block.
 */
export interface Misindented {
  /** 1-based. */
  line: number;
  indent: number;
  /** The indentations this line could have: its siblings' and its parents' (deepest first). */
  expected: number[];
  /** The key that opens the block the line most likely belongs to, for the hint. */
  parent?: string;
}

interface Level {
  indent: number;
  key?: string;
}

export function findMisindentedLine(text: string): Misindented | undefined {
  const lines = text.split("\n");
  const open: Level[] = [{ indent: 0 }];
  let opensBlock: string | undefined; // the key of the previous line, when it ends with `key:`
  let scalarIndent: number | undefined; // inside a block scalar (| or >) opened at this indentation
  let flowDepth = 0; // inside a { } or [ ] that spans lines
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    const content = stripComment(raw).trimEnd();
    if (content.trim() === "" || /^\s*(---|\.\.\.)\s*$/.test(content)) continue;
    const indent = raw.length - raw.trimStart().length;
    if (scalarIndent !== undefined && indent > scalarIndent) continue;
    scalarIndent = undefined;
    if (flowDepth > 0) {
      flowDepth += depthChange(content);
      continue;
    }
    if (opensBlock !== undefined) {
      if (indent > open[open.length - 1]!.indent) open.push({ indent, key: opensBlock });
      opensBlock = undefined;
    }
    const before = [...open];
    while (open.length > 1 && open[open.length - 1]!.indent > indent) open.pop();
    if (open[open.length - 1]!.indent !== indent) return misindented(index + 1, indent, before);
    let body = content.trim();
    // `- key: value` opens a map whose keys sit two columns right of the dash.
    let itemIndent = indent;
    while (body.startsWith("- ")) {
      itemIndent += 2;
      body = body.slice(2).trimStart();
      open.push({ indent: itemIndent, ...(open[open.length - 1]?.key ? { key: open[open.length - 1]!.key! } : {}) });
    }
    flowDepth = Math.max(0, depthChange(body));
    const key = /^([^\s:{}[\],"'][^:]*?|"[^"]*"|'[^']*'):(\s|$)/.exec(body)?.[1];
    const afterKey = key === undefined ? body : body.slice(body.indexOf(":") + 1).trim();
    if (/^[|>][-+0-9]*$/.test(afterKey)) scalarIndent = indent;
    else if (key !== undefined && afterKey === "") opensBlock = key;
    else if (body === "-") opensBlock = open[open.length - 1]?.key ?? "-";
  }
  return undefined;
}

/**
 * The line could belong to any block open above it, the one it was closing included (3 spaces
 * under a service's 4-space keys is one short of them, not one past the service's 2): the
 * nearest indentation first, the deeper one on a tie.
 */
function misindented(line: number, indent: number, open: Level[]): Misindented {
  const levels = [...open].reverse();
  const distance = (l: Level) => Math.abs(l.indent - indent);
  const nearest = levels.reduce((best, l) => (distance(l) < distance(best) ? l : best));
  const expected = [...new Set([nearest, ...levels].map((l) => l.indent))];
  return { line, indent, expected, ...(nearest.key ? { parent: nearest.key } : {}) };
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

function depthChange(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
  }
  return depth;
}
