import type { OneOffEnd } from "./task-end.js";

/** What the deploy shows of, and `--json` says about, the release tasks (docs/manifest.md, `release`). */
export type ReleaseTaskEvent =
  | { type: "release-task-planned"; service: string; command: string[]; timeoutSeconds: number; runs: boolean }
  | { type: "release-task-started"; service: string; cluster: string; taskArn: string; taskDefinition: string }
  | { type: "release-task-status"; service: string; taskArn: string; status: string }
  | { type: "release-task-log"; service: string; taskArn: string; line: string }
  | { type: "release-task-ended"; service: string; taskArn?: string; end: OneOffEnd["kind"]; summary: string };
