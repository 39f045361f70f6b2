/**
 * Writes rendered templates as YAML. Templates are plain data (maps, lists, strings,
 * numbers, booleans), so a small emitter does it; the yaml library's general stringify
 * costs more than the whole start-up budget of `berth render`. Strings are written plain
 * when YAML would read them back as the same string, and double-quoted (JSON escapes are
 * valid YAML) otherwise; test/render/template-yaml.test.ts round-trips it through `yaml`.
 */
export function toYaml(value: unknown): string {
  return `${block(value, 0).join("\n")}\n`;
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

function scalar(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = String(value);
  const plain =
    SAFE_PLAIN.test(text) &&
    !RESERVED.test(text) &&
    !/[ :]$/.test(text) &&
    !text.includes(": ") &&
    !text.includes(" #") &&
    !/^[./]?\d/.test(text);
  return plain ? text : JSON.stringify(text);
}

function isCollection(value: unknown): value is Record<string, unknown> | unknown[] {
  return value !== null && typeof value === "object";
}

function isEmpty(value: Record<string, unknown> | unknown[]): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function block(value: unknown, indent: number): string[] {
  const pad = " ".repeat(indent);
  if (!isCollection(value)) return [`${pad}${scalar(value)}`];
  if (isEmpty(value)) return [`${pad}${Array.isArray(value) ? "[]" : "{}"}`];
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isCollection(item) && !isEmpty(item)) {
        const inner = block(item, indent + 2);
        lines.push(`${pad}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
      } else {
        lines.push(`${pad}- ${isCollection(item) ? (Array.isArray(item) ? "[]" : "{}") : scalar(item)}`);
      }
    }
    return lines;
  }
  for (const [key, item] of Object.entries(value)) {
    if (isCollection(item) && !isEmpty(item)) {
      lines.push(`${pad}${scalar(key)}:`, ...block(item, Array.isArray(item) ? indent : indent + 2));
    } else {
      lines.push(`${pad}${scalar(key)}: ${isCollection(item) ? (Array.isArray(item) ? "[]" : "{}") : scalar(item)}`);
    }
  }
  return lines;
}
