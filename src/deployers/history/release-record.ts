/**
 * The release history of an environment, kept in AWS next to its lock (the app's table,
 * sort keys `release#<id>`), so every laptop and CI run sees the same history and
 * `berth rollback` can return to a recorded good release.
 */
export type ReleaseOutcomeKind =
  | "in-progress"
  | "succeeded"
  | "rolled-back"
  | "failed"
  | "interrupted"
  /** A `berth run --detach`: started, and not followed. */
  | "detached"
  /** Refused before anything changed (not confirmed, no terminal to ask): nothing moved. */
  | "refused";

export interface ServiceReleaseRecord {
  service: string;
  result: "unchanged" | "released" | "rolled-back" | "failed" | "interrupted" | "removed";
  /** The task definition ARN berth registered or kept. */
  taskDefinition?: string;
  /** Container name → repository@sha256:digest. */
  images: Record<string, string>;
  deploymentArn?: string;
  strategy?: string;
  reason?: string;
  /** The failure's diagnosis, when the service failed or was rolled back. */
  diagnosis?: unknown;
  /** The task definition that served when the release ended (recorded from berth 0.3; absent in older records). */
  servingTaskDefinition?: string;
}

export interface ReleaseRecord {
  /** Sortable by time: `20261128-101500-ab12`. */
  id: string;
  app: string;
  environment: string;
  /** `run`: a one-off task (`berth run`), kept for the audit trail; it released nothing. */
  kind: "deploy" | "rollback" | "run" | "destroy";
  /** The image version (git short sha or --tag). */
  version: string;
  gitSha?: string;
  who: string;
  host: string;
  /** The CI run's page (GitHub Actions run, CodeBuild build). */
  ciUrl?: string;
  strategy?: string;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  outcome: ReleaseOutcomeKind;
  reason?: string;
  /** For a rollback: the release id it returned to. */
  rollbackTo?: string;
  /** The environment's version when the release ended, when every service served one. */
  servingVersion?: string;
  /** When the services ended on different versions: service → its version. */
  mixedVersions?: Record<string, string>;
  services: ServiceReleaseRecord[];
  /** For a run: the service whose task definition ran, the command, and how it ended. */
  run?: { service: string; command: string[]; taskDefinition: string; taskArn?: string; exitCode?: number };
}

/** The records of releases (deploys and rollbacks), without runs, which put nothing live. */
export function releasesOnly(records: ReleaseRecord[]): ReleaseRecord[] {
  return records.filter((r) => r.kind !== "run");
}

/** Where the history lives. `list` is newest first. */
export interface HistoryPort {
  put(record: ReleaseRecord): Promise<void>;
  list(app: string, environment: string, limit?: number): Promise<ReleaseRecord[]>;
  get(app: string, environment: string, id: string): Promise<ReleaseRecord | undefined>;
}

/**
 * `20261128-101500-1f3a`: UTC time to the second, then the millisecond in three hex digits
 * and one random hex digit, so ids sort by time even for two releases within one second.
 */
export function newReleaseId(now: number, random: () => number = Math.random): string {
  const iso = new Date(now).toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, "")}-${iso.slice(11, 19).replace(/:/g, "")}`;
  const millis = (now % 1000).toString(16).padStart(3, "0");
  return `${stamp}-${millis}${Math.floor(random() * 16).toString(16)}`;
}
