/** Compose's value syntaxes, read as the Compose specification defines them. */

const DURATION_UNITS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001 };

/** A Compose (Go) duration in seconds: `1m30s` → 90, `500ms` → 0.5; a bare number is seconds. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value === "number") return value >= 0 ? value : undefined;
  if (typeof value !== "string" || !/^(\d+(\.\d+)?(h|m|s|ms|us))+$/.test(value.trim())) return undefined;
  let total = 0;
  for (const [, amount, , unit] of value.trim().matchAll(/(\d+(\.\d+)?)(ms|us|h|m|s)/g))
    total += Number(amount) * DURATION_UNITS[unit!]!;
  return total;
}

const BYTE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** A Compose byte value in MiB, rounded up: `512M` → 512, `1.5g` → 1536, `268435456` → 256. */
export function memoryMiB(value: unknown): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([bkmgt])?b?$/i.exec(String(value ?? "").trim());
  if (!match) return undefined;
  const bytes = Number(match[1]) * BYTE_UNITS[(match[2] ?? "b").toLowerCase()]!;
  return Math.ceil(bytes / 1024 ** 2);
}

/** A command written as one string, split the way Compose splits it (shell words, no shell). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && i + 1 < text.length) word += text[++i]!;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= "";
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "\\" && i + 1 < text.length) {
      word = (word ?? "") + text[++i]!;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

export interface PortMapping {
  container: number;
  /** The host port, when the port is published. */
  published?: number;
  protocol: string;
  /** What was written, for the report. */
  written: string;
  /** A range (`8000-8010:8000-8010`): berth maps one port per service. */
  range: boolean;
}

/** A `ports:` entry, short (`[IP:][HOST:]CONTAINER[/PROTO]`) or long (`{ target, published }`). */
export function portMapping(entry: unknown): PortMapping | undefined {
  if (entry !== null && typeof entry === "object") {
    const e = entry as Record<string, unknown>;
    const container = Number(e.target);
    if (!Number.isInteger(container)) return undefined;
    const published = e.published === undefined ? undefined : Number(String(e.published).split("-")[0]);
    return {
      container,
      ...(published !== undefined && Number.isInteger(published) ? { published } : {}),
      protocol: typeof e.protocol === "string" ? e.protocol : "tcp",
      written: JSON.stringify(entry),
      range: String(e.published ?? "").includes("-"),
    };
  }
  const written = String(entry);
  const [address, protocol = "tcp"] = written.split("/");
  // An IPv6 host address is in brackets; the container port is always the last part.
  const parts = address!.replace(/^\[[^\]]*\]:/, "").split(":");
  const containerPart = parts[parts.length - 1]!;
  const hostPart = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  const container = Number(containerPart.split("-")[0]);
  if (!Number.isInteger(container)) return undefined;
  const published = hostPart ? Number(hostPart.split("-")[0]) : undefined;
  return {
    container,
    ...(published !== undefined && Number.isInteger(published) ? { published } : {}),
    protocol,
    written,
    range: containerPart.includes("-"),
  };
}

/** `environment:` as a list (`KEY=VALUE`, `KEY`) or a map, in order; a bare `KEY` has no value. */
export function environmentEntries(environment: unknown): [string, string | undefined][] {
  if (Array.isArray(environment)) {
    return environment.map((entry) => {
      const text = String(entry);
      const equals = text.indexOf("=");
      return equals < 0 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
    });
  }
  if (environment !== null && typeof environment === "object")
    return Object.entries(environment).map(([k, v]) => [k, v === null || v === undefined ? undefined : String(v)]);
  return [];
}

/** An env file (`.env`, `env_file:`): `KEY=VALUE` lines, `export` allowed, quotes removed, `#` comments. */
export function dotenv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2]!;
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[1] === '"' ? quoted[2]!.replace(/\\n/g, "\n").replace(/\\"/g, '"') : quoted[2]!;
    else value = value.replace(/\s+#.*$/, "");
    vars[match[1]!] = value;
  }
  return vars;
}

/**
 * Compose's interpolation of one value: `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR:+alt}`, `$VAR`, and `$$` for a literal `$`. An unset variable
 * without a default becomes empty, as in Compose (which warns); `unset` names them.
 */
export function interpolate(text: string, vars: Record<string, string | undefined>, unset: Set<string>): string {
  return text.replace(
    /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (
      _match,
      dollar: string | undefined,
      braced: string | undefined,
      op: string | undefined,
      arg: string | undefined,
      bare: string | undefined,
    ) => {
      if (dollar) return "$";
      const name = (braced ?? bare)!;
      const value = vars[name];
      const empty = value === undefined || (op?.startsWith(":") === true && value === "");
      if (op === ":-" || op === "-") return empty ? interpolate(arg ?? "", vars, unset) : value!;
      if (op === ":+" || op === "+") return empty ? "" : interpolate(arg ?? "", vars, unset);
      if (value === undefined) unset.add(name);
      return value ?? "";
    },
  );
}
