/**
 * A building block from templates/, compiled into a function by scripts/yaml-module.mjs: every
 * `{{name}}` is replaced from `vars`. A string that is exactly one placeholder takes the value's
 * own type (number, list, map); `undefined` removes the key or list item. A placeholder inside a
 * longer string is spliced in as text. Each call returns a new block.
 */
export type Vars = Record<string, unknown>;
export type Block = (vars: Vars) => Record<string, unknown>;

/** A placeholder that is a whole string: the value as it is. */
export function value(vars: Vars, name: string): unknown {
  // A missing variable is a bug in berth, not in the user's manifest.
  if (!(name in vars)) throw new Error(`template placeholder {{${name}}} has no value`);
  return vars[name];
}

/** A placeholder inside a longer string: the value as text. */
export function text(vars: Vars, name: string): string {
  const found = value(vars, name);
  if (typeof found !== "string" && typeof found !== "number")
    throw new Error(`template placeholder {{${name}}} inside text needs a string or number`);
  return String(found);
}
