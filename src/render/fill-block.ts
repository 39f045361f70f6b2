/**
 * Instantiates a building block from templates/: every `{{name}}` is replaced from
 * `vars`. A string that is exactly one placeholder takes the value's own type (number,
 * list, map); `undefined` removes the key or list item. A placeholder inside a longer
 * string is spliced in as text.
 */
export type Vars = Record<string, unknown>;

const WHOLE = /^\{\{(\w+)\}\}$/;
const INLINE = /\{\{(\w+)\}\}/g;

export function fillBlock<T>(block: T, vars: Vars): T {
  return fill(block, vars) as T;
}

// Loops rather than entries/map/filter: rendering fills every building block on every run,
// and the arrays those make cost start-up time (docs/architecture.md, "Start-up").
function fill(node: unknown, vars: Vars): unknown {
  if (typeof node === "string") return fillString(node, vars);
  if (Array.isArray(node)) {
    const out: unknown[] = [];
    for (const item of node) {
      const filled = fill(item, vars);
      if (filled !== undefined) out.push(filled);
    }
    return out;
  }
  if (node !== null && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      const filled = fill((node as Record<string, unknown>)[key], vars);
      if (filled !== undefined) out[String(fillString(key, vars))] = filled;
    }
    return out;
  }
  return node;
}

function fillString(text: string, vars: Vars): unknown {
  // Most strings (every key, most values) hold no placeholder: no regular expression for them.
  if (!text.includes("{{")) return text;
  const whole = WHOLE.exec(text);
  if (whole) return lookup(whole[1]!, vars);
  return text.replace(INLINE, (_, name: string) => {
    const value = lookup(name, vars);
    if (typeof value !== "string" && typeof value !== "number")
      throw new Error(`template placeholder {{${name}}} inside text needs a string or number`);
    return String(value);
  });
}

function lookup(name: string, vars: Vars): unknown {
  // A missing variable is a bug in berth, not in the user's manifest.
  if (!(name in vars)) throw new Error(`template placeholder {{${name}}} has no value`);
  return vars[name];
}
