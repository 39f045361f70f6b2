// The nodes of the manifest's positioned tree (yaml-tree.ts), which both of its readers build:
// the one-pass reader of common YAML (common-yaml.ts) and the yaml library's.

import type { Position } from "./problem.js";

export type PNode = PMap | PSeq | PScalar;

export interface PMap {
  kind: "map";
  pos: Position;
  entries: PEntry[];
}

export interface PEntry {
  key: string;
  keyPos: Position;
  value: PNode;
}

export interface PSeq {
  kind: "seq";
  pos: Position;
  items: PNode[];
}

export interface PScalar {
  kind: "scalar";
  pos: Position;
  value: string | number | boolean | null;
  /** What the user wrote; shown in errors instead of an interpolated (possibly secret) value. */
  written: string;
  interpolated: boolean;
}
