import type { PositionIndex } from "../check-shape.js";
import { problemAt, type Position, type Problem } from "../problem.js";

/** What a rule needs to point at the manifest: the position of any key path. */
export class RuleContext {
  readonly problems: Problem[] = [];

  constructor(
    private readonly positions: PositionIndex,
    private readonly fallback: Position,
    private readonly keyPositions: PositionIndex = new Map(),
  ) {}

  /** The position of a path, or of its nearest written ancestor when the key itself is absent. */
  at(path: string): Position {
    for (let current = path; ; current = parentPath(current)) {
      const pos = this.positions.get(current);
      if (pos) return pos;
      if (current === "") return this.fallback;
    }
  }

  report(path: string, message: string, hint?: string): void {
    this.problems.push(problemAt(this.at(path), path, message, hint));
  }

  /** Reports at the line of the key itself (`http:`), where a block's value starts on the next line. */
  reportAtKey(path: string, message: string, hint?: string): void {
    this.problems.push(problemAt(this.keyPositions.get(path) ?? this.at(path), path, message, hint));
  }
}

function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
  return cut < 0 ? "" : path.slice(0, cut);
}

export type Rule<T> = (subject: T, ctx: RuleContext) => void;
