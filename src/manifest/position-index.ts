import type { Position } from "./problem.js";

/** Where each checked value was written, by key path, so later rules can point at it. */
export class PositionIndex {
  private readonly own = new Map<string, Position>();
  /** The indexes of subtrees whose check was reused; a path is in at most one of them. */
  private readonly reused: PositionIndex[] = [];

  get(path: string): Position | undefined {
    const own = this.own.get(path);
    if (own) return own;
    for (const index of this.reused) {
      const found = index.get(path);
      if (found) return found;
    }
    return undefined;
  }

  has(path: string): boolean {
    return this.own.has(path);
  }

  set(path: string, pos: Position): void {
    this.own.set(path, pos);
  }

  reuse(index: PositionIndex): void {
    this.reused.push(index);
  }
}
