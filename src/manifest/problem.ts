/** Where a value came from in a manifest file. Lines and columns start at 1; line 0 is the file as a whole. */
export interface Position {
  file: string;
  line: number;
  col: number;
}

/** A mistake the user can fix by editing the manifest: a value, never an exception. */
export interface Problem extends Position {
  /** Key path in the manifest, such as `services.web.cpu`; empty for the whole file. */
  path: string;
  message: string;
  hint?: string;
  /** Set when the problem only appears once this environment is merged over the base. */
  env?: string;
}

export function problemAt(pos: Position, path: string, message: string, hint?: string): Problem {
  return hint === undefined ? { ...pos, path, message } : { ...pos, path, message, hint };
}

/**
 * Sorted by position, duplicates dropped: the same message about the same key at the same
 * place is one problem, even when found twice under different paths (in the environments
 * section, and again in the manifest merged from it).
 */
export function sortProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.col}:${p.path.split(".").pop()}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.path.localeCompare(b.path),
  );
}

export function joinPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent === "" ? key : `${parent}.${key}`;
}
