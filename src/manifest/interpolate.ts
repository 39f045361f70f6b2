/**
 * `${VAR}` reads the environment; `${VAR:-default}` falls back when VAR is unset or empty;
 * `$${...}` is a literal `${...}`. Unset variables without a default are reported, never
 * silently replaced by an empty string.
 */
export interface Interpolation {
  value: string;
  /** Offsets (into the input) and names of variables that were unset and had no default. */
  missing: { offset: number; name: string }[];
  /** True when at least one variable was substituted. */
  changed: boolean;
}

const REFERENCE = /\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * `kept` names stay as written, for berth to fill in later: a secret reference's `${app}` and
 * `${environment}` name the app and environment it is deployed as (src/manifest/secret-names.ts).
 */
export function interpolate(
  input: string,
  env: Record<string, string | undefined>,
  kept: readonly string[] = [],
): Interpolation {
  const missing: Interpolation["missing"] = [];
  let changed = false;
  const value = input.replace(
    REFERENCE,
    (whole: string, escaped: string | undefined, name: string, fallback: string | undefined, offset: number) => {
      if (escaped) return whole.slice(1);
      if (fallback === undefined && kept.includes(name)) return whole;
      changed = true;
      const set = env[name];
      if (set !== undefined && set !== "") return set;
      if (fallback !== undefined) return fallback;
      if (set === "") return "";
      missing.push({ offset, name });
      return "";
    },
  );
  return { value, missing, changed };
}

export function hasReference(input: string): boolean {
  return input.includes("${");
}
