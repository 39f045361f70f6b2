import type { PositionIndex } from "../position-index.js";
import { problemAt, type Position, type Problem } from "../problem.js";
import type { PEntry, PMap, PNode } from "../yaml-tree.js";

/** What a rule needs to point at the manifest: the position of any key path. */
export class RuleContext {
  readonly problems: Problem[] = [];

  constructor(
    private readonly positions: PositionIndex,
    private readonly fallback: Position,
    private readonly tree?: PMap,
  ) {}

  /** The position of a path, or of its nearest written ancestor when the key itself is absent. */
  at(path: string): Position {
    for (let current = path; ; current = parentPath(current)) {
      const pos = this.positions.get(current);
      if (pos) return pos;
      if (current === "") return this.fallback;
    }
  }

  /** Whether the manifest writes this key, even with a value that failed its own check. */
  written(path: string): boolean {
    return this.positions.get(path) !== undefined;
  }

  report(path: string, message: string, hint?: string): void {
    this.problems.push(problemAt(this.at(path), path, message, hint));
  }

  /** Reports at the line of the key itself (`http:`), where a block's value starts on the next line. */
  reportAtKey(path: string, message: string, hint?: string): void {
    this.problems.push(problemAt(this.keyAt(path) ?? this.at(path), path, message, hint));
  }

  /** Where the key of a path of plain map keys (`services.web.http`) was written. */
  private keyAt(path: string): Position | undefined {
    let node: PNode | undefined = this.tree;
    let keyPos: Position | undefined;
    for (const key of path.split(".")) {
      const entry: PEntry | undefined = node?.kind === "map" ? node.entries.find((e) => e.key === key) : undefined;
      node = entry?.value;
      keyPos = entry?.keyPos;
    }
    return keyPos;
  }
}

function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
  return cut < 0 ? "" : path.slice(0, cut);
}

export type Rule<T> = (subject: T, ctx: RuleContext) => void;
