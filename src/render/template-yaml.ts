/**
 * Writes rendered templates as YAML. Templates are plain data (maps, lists, strings,
 * numbers, booleans), so a small emitter does it; the yaml library's general stringify
 * costs more than the whole start-up budget of `berth render`. Strings are written plain
 * when YAML would read them back as the same string, and double-quoted (JSON escapes are
 * valid YAML) otherwise; test/render/template-yaml.test.ts round-trips it through `yaml`.
 */
export function toYaml(value: unknown): string {
  const lines: string[] = [];
  write(value, 0, "", lines);
  return `${lines.join("\n")}\n`;
}

const written = new WeakMap<object, string>();

/**
 * A rendered template as YAML, written once per template: `render` measures each stack's body
 * (src/render/quotas.ts) and then prints it, and YAML writing is most of its time. Rendered
 * templates are never changed once `renderStacks` returns them (src/render/stacks.ts).
 */
export function renderedYaml(template: object): string {
  let yaml = written.get(template);
  if (yaml === undefined) {
    yaml = toYaml(template);
    written.set(template, yaml);
  }
  return yaml;
}

const SAFE_PLAIN = /^[A-Za-z_/.][A-Za-z0-9_ ./:@()+=,*?-]*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|null|y|n|~)$/i;

// Templates repeat their keys and many of their values (Type, Properties, Ref, Fn::GetAtt, …):
// each string is judged once, not at every occurrence.
const strings = new Map<string, string>();

function scalar(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = String(value);
  let yaml = strings.get(text);
  if (yaml === undefined) {
    yaml = isPlain(text) ? text : JSON.stringify(text);
    strings.set(text, yaml);
  }
  return yaml;
}

function isPlain(text: string): boolean {
  return (
    SAFE_PLAIN.test(text) &&
    !RESERVED.test(text) &&
    !/[ :]$/.test(text) &&
    !text.includes(": ") &&
    !text.includes(" #") &&
    !/^[./]?\d/.test(text)
  );
}

/** A map or list with something in it, which is written on lines of its own. */
function isBlock(value: unknown): value is Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.length > 0;
  for (const _ in value) return true;
  return false;
}

/** What follows `- ` or `key: ` on the same line: a scalar, or an empty map or list. */
function inline(value: unknown): string {
  if (value === null || typeof value !== "object") return scalar(value);
  return Array.isArray(value) ? "[]" : "{}";
}

const pads = [""];
const pad = (indent: number) => (pads[indent] ??= " ".repeat(indent));

/**
 * Appends `value` at `indent`, its first line starting with `lead` instead of the indentation
 * (a list item's `- `, so a map in a list starts on the dash's line).
 */
function write(value: unknown, indent: number, lead: string, lines: string[]): void {
  if (!isBlock(value)) {
    lines.push(lead + inline(value));
    return;
  }
  let start = lead;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isBlock(item)) write(item, indent + 2, `${start}- `, lines);
      else lines.push(`${start}- ${inline(item)}`);
      start = pad(indent);
    }
    return;
  }
  for (const key in value) {
    const item = value[key];
    if (isBlock(item)) {
      lines.push(`${start}${scalar(key)}:`);
      // A list under a key starts at the key's indentation, a map two further.
      const inner = Array.isArray(item) ? indent : indent + 2;
      write(item, inner, pad(inner), lines);
    } else lines.push(`${start}${scalar(key)}: ${inline(item)}`);
    start = pad(indent);
  }
}
