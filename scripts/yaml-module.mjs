// Turns a templates/*.yml building block into a JS module at build time: a function from the
// block's variables to the filled block (src/render/fill-block.ts says what filling means).
// Compiled rather than walked at run time: the block's fixed parts become object and array
// literals and only its placeholders are looked up (docs/architecture.md, "Start-up"). Used by
// the esbuild build, the benchmarks and Vitest, so tests run exactly what ships.
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

// What a compiled block calls to look its placeholders up.
const RUNTIME = fileURLToPath(new URL("../src/render/fill-block.ts", import.meta.url));
const WHOLE = /^\{\{(\w+)\}\}$/;
const INLINE = /\{\{(\w+)\}\}/g;

/**
 * An expression for one node of the block. `optional`: it may be undefined (a whole-string
 * placeholder), so its key or list item is left out then; `variable`: it reads a placeholder.
 */
function scalar(node) {
  if (typeof node !== "string" || !node.includes("{{"))
    return { code: JSON.stringify(node), optional: false, variable: false };
  const whole = WHOLE.exec(node);
  if (whole) return { code: `value(v, ${JSON.stringify(whole[1])})`, optional: true, variable: true };
  const parts = [];
  let last = 0;
  for (const match of node.matchAll(INLINE)) {
    if (match.index > last) parts.push(JSON.stringify(node.slice(last, match.index)));
    parts.push(`text(v, ${JSON.stringify(match[1])})`);
    last = match.index + match[0].length;
  }
  if (last < node.length) parts.push(JSON.stringify(node.slice(last)));
  return { code: parts.join(" + "), optional: false, variable: true };
}

export function yamlToModule(source) {
  const statements = [];
  let names = 0;
  // A map or list with an optional member is built by statements, so the member is left out
  // where it is undefined, in its place in the order; any other is a literal.
  const expression = (node) => {
    if (Array.isArray(node)) {
      const items = node.map(expression);
      if (!items.some((i) => i.optional)) return literal(`[${items.map((i) => i.code).join(", ")}]`);
      const list = `l${names++}`;
      statements.push(`const ${list} = [];`);
      for (const item of items)
        statements.push(
          item.optional ? `if ((t = ${item.code}) !== undefined) ${list}.push(t);` : `${list}.push(${item.code});`,
        );
      return literal(list);
    }
    if (node === null || typeof node !== "object") return scalar(node);
    const entries = Object.entries(node).map(([key, value]) => [scalar(key), expression(value)]);
    if (entries.every(([key, value]) => !key.variable && !value.optional))
      return literal(`{${entries.map(([key, value]) => `${key.code}: ${value.code}`).join(", ")}}`);
    const map = `m${names++}`;
    statements.push(`const ${map} = {};`);
    for (const [key, value] of entries) {
      const slot = key.variable ? `${map}[String(${key.code})]` : `${map}[${key.code}]`;
      statements.push(
        value.optional ? `if ((t = ${value.code}) !== undefined) ${slot} = t;` : `${slot} = ${value.code};`,
      );
    }
    return literal(map);
  };
  const block = expression(parse(source));
  return [
    `import { value, text } from ${JSON.stringify(RUNTIME)};`,
    "export default function fill(v) {",
    "  let t;",
    ...statements.map((s) => `  ${s}`),
    `  return ${block.code};`,
    "}",
  ].join("\n");
}

const literal = (code) => ({ code, optional: false, variable: false });
